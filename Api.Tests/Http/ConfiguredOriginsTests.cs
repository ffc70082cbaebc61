using System.Net;
using SseOrleans.Api.Tests.Infrastructure;
using SseOrleans.TestSupport;

namespace SseOrleans.Api.Tests.Http;

[Collection(RestrictedCollectionDefinition.Name)]
public sealed class ConfiguredOriginsTests(RestrictedFixture fixture)
{
    private readonly HttpClient _http = fixture.Host.Http;

    [Fact]
    public async Task A_configured_origin_list_allows_exactly_those_origins_to_subscribe()
    {
        // The configuration binder appends to an array property's default: a built-in "*" would
        // have stayed in this list and let every site in.
        Assert.Equal([RestrictedFixture.App], await AllowedOriginAsync(RestrictedFixture.App));
        Assert.Empty(await AllowedOriginAsync("https://evil.example"));
    }

    [Fact]
    public async Task A_configured_publish_origin_may_publish_with_credentials_and_others_may_not()
    {
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/publish/origins");
        preflight.Headers.Add("Origin", RestrictedFixture.App);
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "authorization");
        using var allowed = await _http.SendAsync(preflight);
        Assert.Equal([RestrictedFixture.App], allowed.Headers.GetValues("Access-Control-Allow-Origin"));
        Assert.Equal(["true"], allowed.Headers.GetValues("Access-Control-Allow-Credentials"));

        Assert.Equal(HttpStatusCode.Accepted, await PublishFromAsync(RestrictedFixture.App));
        Assert.Equal(HttpStatusCode.Forbidden, await PublishFromAsync("https://evil.example"));
    }

    // From an address of its own: a HEAD costs a new stream of the client's small rate here.
    private async Task<string[]> AllowedOriginAsync(string origin)
    {
        using var client = LoopbackHttp.From("127.0.0.20", fixture.Host.BaseAddress);
        using var request = new HttpRequestMessage(HttpMethod.Head, "/subscribe/origins");
        request.Headers.Add("Origin", origin);
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return response.Headers.TryGetValues("Access-Control-Allow-Origin", out var values) ? [.. values] : [];
    }

    private async Task<HttpStatusCode> PublishFromAsync(string origin)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/publish/origins") { Content = new StringContent("x") };
        request.Headers.Add("Origin", origin);
        using var response = await _http.SendAsync(request);
        return response.StatusCode;
    }
}
