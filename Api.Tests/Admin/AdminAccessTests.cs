using System.Net;
using SseOrleans.Api.Tests.Infrastructure;

namespace SseOrleans.Api.Tests.Admin;

[Collection(AdminCollectionDefinition.Name)]
public sealed class AdminAccessTests(AdminFixture fixture)
{
    [Theory]
    [InlineData("admin?key=k3y-in-the-address", "/admin/")]
    [InlineData("admin?view=tree&KEY=k3y-in-the-address&x=1", "/admin/?view=tree&x=1")]
    public async Task The_redirect_to_the_page_keeps_the_query_but_never_the_key(string path, string location)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var noRedirects = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = fixture.Host.BaseAddress };

        using var redirect = await noRedirects.GetAsync(path, timeout.Token);

        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        Assert.Equal(location, redirect.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Without_a_key_the_orleans_dashboard_is_for_loopback_viewers_only()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var http = fixture.Host.Http;

        using var local = await http.GetAsync("admin/dashboard/ClusterStats", timeout.Token);
        Assert.Equal(HttpStatusCode.OK, local.StatusCode);

        using var request = new HttpRequestMessage(HttpMethod.Get, "admin/dashboard/ClusterStats");
        request.Headers.Add(TestRemoteIp.Header, "203.0.113.7");
        using var remote = await http.SendAsync(request, timeout.Token);
        Assert.Equal(HttpStatusCode.Forbidden, remote.StatusCode);

        // The status page itself stays open to remote viewers (without client IPs).
        using var page = new HttpRequestMessage(HttpMethod.Get, "admin/");
        page.Headers.Add(TestRemoteIp.Header, "203.0.113.7");
        using var pageResponse = await http.SendAsync(page, timeout.Token);
        Assert.Equal(HttpStatusCode.OK, pageResponse.StatusCode);
    }

    [Fact]
    public async Task Page_and_assets_are_served_from_the_assembly_with_a_self_only_policy()
    {
        var host = fixture.Host;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));

        using var noRedirects = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = host.BaseAddress };
        using var redirect = await noRedirects.GetAsync("admin", timeout.Token);
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        Assert.Equal("/admin/", redirect.Headers.Location?.OriginalString);

        foreach (var (path, type) in new[] { ("admin/", "text/html"), ("admin/admin.css", "text/css"), ("admin/admin.js", "text/javascript") })
        {
            using var response = await host.Http.GetAsync(path, timeout.Token);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(type, response.Content.Headers.ContentType?.MediaType);
            Assert.Contains("default-src 'none'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
            Assert.DoesNotContain("https://", await response.Content.ReadAsStringAsync(timeout.Token), StringComparison.Ordinal);
        }

        using var missing = await host.Http.GetAsync("admin/nothing-here", timeout.Token);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }
}
