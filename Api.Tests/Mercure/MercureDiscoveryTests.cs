using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using SseOrleans.FrontEnd.Mercure;

namespace SseOrleans.Api.Tests.Mercure;

/// <summary>The Link headers a host app adds so that Mercure clients find the hub and the topic.</summary>
public sealed class MercureDiscoveryTests
{
    [Fact]
    public void A_response_links_the_hub_and_the_topic()
    {
        var response = new DefaultHttpContext().Response;
        response.AddMercureLink("https://hub.example.com/.well-known/mercure", self: "https://example.com/books/1");
        string?[] expected = ["<https://hub.example.com/.well-known/mercure>; rel=\"mercure\"", "<https://example.com/books/1>; rel=\"self\""];
        Assert.Equal(expected, response.Headers.Link.ToArray());
    }

    [Fact]
    public void The_last_event_id_is_a_quoted_attribute_of_the_hub_link()
    {
        var response = new DefaultHttpContext().Response;
        response.AddMercureLink(MercureDiscoveryExtensions.HubPath, lastEventId: "urn:\"odd\\id\"");
        Assert.Equal("</.well-known/mercure>; rel=\"mercure\"; last-event-id=\"urn:\\\"odd\\\\id\\\"\"", Assert.Single(response.Headers.Link.ToArray()));
    }

    [Theory]
    [InlineData("")]
    [InlineData("https://hub.example.com/a b")]
    [InlineData("https://hub.example.com/>; rel=\"x")]
    [InlineData("https://hub.example.com/\r\nSet-Cookie: x")]
    public void A_url_a_link_header_cannot_carry_is_refused(string url)
    {
        var response = new DefaultHttpContext().Response;
        Assert.ThrowsAny<ArgumentException>(() => response.AddMercureLink(url));
        Assert.ThrowsAny<ArgumentException>(() => response.AddMercureLink(MercureDiscoveryExtensions.HubPath, self: url));
        Assert.ThrowsAny<ArgumentException>(() => response.AddMercureLink(MercureDiscoveryExtensions.HubPath, lastEventId: "a\nb"));
        Assert.Empty(response.Headers.Link.ToArray());
    }

    [Fact]
    public async Task An_endpoint_or_a_group_links_the_hub_on_every_response()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        await using var app = builder.Build();
        app.MapGet("/books/{id}", (string id) => Results.Json(new { id })).WithMercureLink();
        var authors = app.MapGroup("/authors").WithMercureLink("https://hub.example.com/.well-known/mercure");
        authors.MapGet("/{id}", (string id) => Results.NotFound());
        app.MapGet("/plain", () => "no link");
        await app.StartAsync();
        using var client = app.GetTestClient();

        using var book = await client.GetAsync(new Uri("/books/1", UriKind.Relative));
        Assert.Equal(["</.well-known/mercure>; rel=\"mercure\""], book.Headers.GetValues("Link"));
        using var author = await client.GetAsync(new Uri("/authors/7", UriKind.Relative));
        Assert.Equal(["<https://hub.example.com/.well-known/mercure>; rel=\"mercure\""], author.Headers.GetValues("Link"));
        using var plain = await client.GetAsync(new Uri("/plain", UriKind.Relative));
        Assert.False(plain.Headers.Contains("Link"));
    }
}
