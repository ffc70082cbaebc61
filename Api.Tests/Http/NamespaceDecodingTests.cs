using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SseOrleans.Api.Tests.Infrastructure;
using SseOrleans.FrontEnd.FanOut;
using SseOrleans.TestSupport;

namespace SseOrleans.Api.Tests.Http;

/// <summary>
/// The one rule (docs/http-api.md, namespaces): the path after the route prefix, percent-decoded exactly once;
/// literal dot segments resolved as RFC 3986 says; dot segments that appear only after decoding refused.
/// Sent on a raw socket: HttpClient would resolve the dots and unescape <c>%2E</c> itself.
/// </summary>
[Collection(ApiCollectionDefinition.Name)]
public sealed class NamespaceDecodingTests(ApiFixture fixture)
{
    private readonly ApiHost _host = fixture.Host;

    [Theory]
    [InlineData("/publish/dec/a%2Fb", "/dec/a/b")]
    [InlineData("/publish/dec/a%252Fb", "/dec/a%2Fb")]
    [InlineData("/publish/dec/%252e%252e", "/dec/%2e%2e")]
    [InlineData("/publish/dec/caf%C3%A9", "/dec/caf\u00e9")]
    [InlineData("/publish/dec/a%20b", "/dec/a b")]
    [InlineData("/publish/dec/./a", "/dec/a")]
    [InlineData("/publish/dec/a/../b", "/dec/b")]
    [InlineData("/publish/dec/a/..", "/dec")]
    [InlineData("/publish/dec/..", "/")]
    public async Task Publish_names_the_namespace_decoded_once_after_resolving_literal_dot_segments(string target, string expected)
    {
        await using var root = await SseClient.OpenAsync(_host.Http, "/subscribe");
        var data = Guid.NewGuid().ToString("N");

        var response = await RawHttp.SendAsync(_host.BaseAddress, "POST", target, data);

        Assert.Equal(StatusCodes.Accepted, response.Status);
        using var answer = JsonDocument.Parse(response.Body);
        Assert.Equal(expected, answer.RootElement.GetProperty("namespace").GetString());
        await ReceivedAsync(root, data);
    }

    [Theory]
    [InlineData("POST", "/publish/dec/%2e%2e")]
    [InlineData("POST", "/publish/dec/a/%2E")]
    [InlineData("POST", "/publish/dec/.%2e/a")]
    [InlineData("POST", "/publish/dec/a%2F..")]
    [InlineData("POST", "/publish/dec/a%2F.%2Fb")]
    [InlineData("GET", "/subscribe/dec/a/%2e%2e")]
    [InlineData("GET", "/subscribe/dec/%2E/a")]
    [InlineData("HEAD", "/subscribe/dec/a/%2e%2e")]
    public async Task A_dot_segment_that_appears_only_after_decoding_is_refused(string method, string target)
    {
        var response = await RawHttp.SendAsync(_host.BaseAddress, method, target, method == "POST" ? "x" : null);

        Assert.Equal(StatusCodes.BadRequest, response.Status);
        if (method != "HEAD")
        {
            Assert.Equal("namespace has a '.' or '..' segment\n", response.Body);
        }
    }

    [Fact]
    public async Task A_subscription_to_a_doubly_encoded_slash_is_to_a_segment_that_contains_an_encoded_slash()
    {
        var hub = _host.Services.GetRequiredService<FanOutHub>();
        await using var root = await SseClient.OpenAsync(_host.Http, "/subscribe");
        await using var client = await SseClient.OpenAsync(_host.Http, "/subscribe/dec/sub%252Fscribed");

        Assert.Contains("/dec/sub%2Fscribed", hub.SubscriberCounts().Keys);
        Assert.DoesNotContain("/dec/sub/scribed", hub.SubscriberCounts().Keys);
        using var published = await _host.Http.PostAsync("/publish/dec/sub%252Fscribed", new StringContent("once"));
        Assert.Equal(HttpStatusCode.Accepted, published.StatusCode);
        Assert.Equal("once", (await client.NextAsync()).Data);
        await ReceivedAsync(root, "once");
    }

    // Every publish reaches the root, where other tests of this host listen: a test waits for its own
    // events there, so that none is still on its way when the next test subscribes.
    private static async Task ReceivedAsync(SseClient root, string data)
    {
        while ((await root.NextAsync()).Data != data)
        {
        }
    }

    private static class StatusCodes
    {
        public const int Accepted = 202;
        public const int BadRequest = 400;
    }
}
