using System.Net;
using Microsoft.Extensions.DependencyInjection;
using SseOrleans.Api.Tests.Infrastructure;
using SseOrleans.FrontEnd.FanOut;
using SseOrleans.TestSupport;

namespace SseOrleans.Api.Tests.Http;

[Collection(ApiCollectionDefinition.Name)]
public sealed class SubscribeTests(ApiFixture fixture)
{
    private readonly HttpClient _http = fixture.Host.Http;

    [Fact]
    public async Task Headers_and_a_first_line_arrive_before_any_event_is_published()
    {
        using var response = await _http.GetAsync("/subscribe/quiet", HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.Equal("no-cache", response.Headers.CacheControl?.ToString());
        Assert.Equal(["no"], response.Headers.GetValues("X-Accel-Buffering"));
        var text = await StreamText.ReadUntilAsync(await response.Content.ReadAsStreamAsync(), "\n\n");
        Assert.StartsWith("retry: 3000\n\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_idle_stream_gets_keepalive_comments()
    {
        using var response = await _http.GetAsync("/subscribe/idle", HttpCompletionOption.ResponseHeadersRead);
        var text = await StreamText.ReadUntilAsync(await response.Content.ReadAsStreamAsync(), ":keepalive\n\n");
        Assert.Contains("\n:keepalive\n\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Head_answers_the_stream_headers_without_a_body_or_a_subscription()
    {
        using var request = new HttpRequestMessage(HttpMethod.Head, "/subscribe/head-only");
        using var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        Assert.DoesNotContain("/head-only", fixture.Host.Services.GetRequiredService<FanOutHub>().SubscriberCounts().Keys);
    }

    [Theory]
    [InlineData("POST")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    [InlineData("PATCH")]
    public async Task Other_methods_are_not_allowed(string method)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), "/subscribe/pets");
        using var response = await _http.SendAsync(request);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }

    [Theory]
    [InlineData("/subscribe//pets", "empty segment")]
    [InlineData("/subscribe/pets//dogs", "empty segment")]
    [InlineData("/subscribe/pets%2F%2Fdogs", "empty segment")]
    [InlineData("/subscribe/pets%2F..%2Fadmin", "'.' or '..'")]
    [InlineData("/subscribe/pets%2F.", "'.' or '..'")]
    [InlineData("/subscribe/pets%01", "control character")]
    [InlineData("/subscribe/pets%0Adogs", "control character")]
    public async Task Invalid_namespaces_are_refused_with_a_one_line_reason(string path, string reason)
    {
        using var response = await _http.GetAsync(path);
        await AssertBadRequest(response, reason);
    }

    [Fact]
    public async Task Namespaces_over_the_length_and_depth_limits_are_refused()
    {
        await AssertBadRequest(await _http.GetAsync("/subscribe/" + new string('a', 1024)), "longer than 1024 bytes");
        await AssertBadRequest(await _http.GetAsync("/subscribe" + string.Concat(Enumerable.Repeat("/a", 33))), "deeper than 32 segments");
    }

    private static async Task AssertBadRequest(HttpResponseMessage response, string reason)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains(reason, body, StringComparison.Ordinal);
        Assert.Single(body.TrimEnd('\n').Split('\n'));
    }
}
