using System.Net;
using SseOrleans.Api.Tests.Infrastructure;

namespace SseOrleans.Api.Tests.Http;

/// <summary>What a page of another site can make a browser on this machine do, against the embedded default.</summary>
[Collection(ApiCollectionDefinition.Name)]
public sealed class CrossOriginTests(ApiFixture fixture)
{
    private const string Evil = "https://evil.example";
    private readonly HttpClient _http = fixture.Host.Http;

    [Fact]
    public async Task A_page_of_another_site_cannot_publish_through_a_browser_on_this_machine()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/publish/cross-origin") { Content = new StringContent("forged") };
        request.Headers.Add("Origin", Evil);
        using var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("cross-origin", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task A_page_served_by_this_front_end_may_publish()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/publish/same-origin") { Content = new StringContent("ok") };
        request.Headers.Add("Origin", fixture.Host.BaseAddress.GetLeftPart(UriPartial.Authority));
        using var response = await _http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Fact]
    public async Task A_page_of_another_site_cannot_read_the_admin_endpoints()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/admin/status.json");
        request.Headers.Add("Origin", Evil);
        using var response = await _http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Theory]
    [InlineData("/admin/status.json")]
    [InlineData("/subscribe/rebound")]
    [InlineData("/publish/rebound")]
    public async Task A_host_name_that_is_not_loopback_is_refused_so_dns_rebinding_reaches_nothing(string path)
    {
        using var request = new HttpRequestMessage(path.StartsWith("/publish", StringComparison.Ordinal) ? HttpMethod.Post : HttpMethod.Get, path);
        request.Headers.Host = "evil.example";
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Browsers_on_any_origin_may_still_subscribe_by_default()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/subscribe/cors-default");
        request.Headers.Add("Origin", Evil);
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["*"], response.Headers.GetValues("Access-Control-Allow-Origin"));
    }
}
