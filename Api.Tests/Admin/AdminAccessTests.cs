using System.Net;
using System.Net.Http.Headers;
using SseOrleans.TestSupport;

namespace SseOrleans.Api.Tests.Admin;

[Collection(AdminCollectionDefinition.Name)]
public sealed class AdminAccessTests(AdminHostFixture fixture)
{
    private const string Key = "s3cret-admin-key";

    [Fact]
    public async Task Disabled_admin_answers_403_on_every_admin_path()
    {
        await using var host = AdminHost.Start(new Dictionary<string, string?> { ["Sse:AdminEnabled"] = "false" });
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));

        foreach (var (method, path) in new[]
        {
            (HttpMethod.Get, "admin/"), (HttpMethod.Get, "admin"), (HttpMethod.Get, "admin/status.json"),
            (HttpMethod.Get, "admin/admin.js"), (HttpMethod.Get, "admin/anything/else"), (HttpMethod.Post, "admin/status.json"),
            (HttpMethod.Get, "admin/dashboard/"), (HttpMethod.Get, "admin/dashboard/ClusterStats"),
        })
        {
            using var request = new HttpRequestMessage(method, path);
            using var response = await host.Http.SendAsync(request, timeout.Token);
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{method} {path}: {response.StatusCode}");
            Assert.Equal("admin endpoint disabled", (await response.Content.ReadAsStringAsync(timeout.Token)).Trim());
        }

        // Only admin is off: subscribing still works.
        using var head = await host.Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, "subscribe/pets"), timeout.Token);
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
    }

    [Fact]
    public async Task Admin_key_is_required_as_bearer_token_query_or_cookie()
    {
        await using var host = AdminHost.Start(new Dictionary<string, string?> { ["Sse:AdminKey"] = Key });
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var http = host.Http;

        foreach (var path in new[] { "admin/", "admin/status.json", "admin/dashboard/" })
        {
            using var anonymous = await http.GetAsync(path, timeout.Token);
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
            Assert.Equal("Bearer", anonymous.Headers.WwwAuthenticate.Single().Scheme);
        }

        using (var wrong = new HttpRequestMessage(HttpMethod.Get, "admin/status.json"))
        {
            wrong.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "not-the-key");
            using var response = await http.SendAsync(wrong, timeout.Token);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        using (var bearer = new HttpRequestMessage(HttpMethod.Get, "admin/status.json"))
        {
            bearer.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Key);
            using var response = await http.SendAsync(bearer, timeout.Token);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        // A browser opens the page with ?key= once; the cookie it gets carries the page's own requests.
        using var page = await http.GetAsync("admin/?key=" + Uri.EscapeDataString(Key), timeout.Token);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var cookie = Assert.Single(page.Headers.GetValues("Set-Cookie"));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Key, cookie, StringComparison.Ordinal);

        foreach (var path in new[] { "admin/status.json", "admin/admin.js", "admin/dashboard/" })
        {
            using var withCookie = new HttpRequestMessage(HttpMethod.Get, path);
            withCookie.Headers.Add("Cookie", cookie.Split(';')[0]);
            using var response = await http.SendAsync(withCookie, timeout.Token);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    [Fact]
    public async Task With_a_key_an_authorized_remote_viewer_sees_client_ips()
    {
        await using var host = AdminHost.Start(new Dictionary<string, string?> { ["Sse:AdminKey"] = Key });
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var ns = TestNamespace.Unique("/access-ip/");
        await using var subscription = await SseClient.OpenAsync(host.Http, "/subscribe" + ns, userAgent: "ip-test");

        using var request = new HttpRequestMessage(HttpMethod.Get, "admin/status.json" + AdminStatus.Query(ns));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Key);
        request.Headers.Add(AdminTestMiddleware.RemoteIpHeader, "203.0.113.7");
        using var response = await host.Http.SendAsync(request, timeout.Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync(timeout.Token);
        Assert.Contains("\"client_ip\":\"127.0.0.1\"", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_key_the_orleans_dashboard_is_for_loopback_viewers_only()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var http = fixture.Host.Http;

        using var local = await http.GetAsync("admin/dashboard/ClusterStats", timeout.Token);
        Assert.Equal(HttpStatusCode.OK, local.StatusCode);

        using var request = new HttpRequestMessage(HttpMethod.Get, "admin/dashboard/ClusterStats");
        request.Headers.Add(AdminTestMiddleware.RemoteIpHeader, "203.0.113.7");
        using var remote = await http.SendAsync(request, timeout.Token);
        Assert.Equal(HttpStatusCode.Forbidden, remote.StatusCode);

        // The status page itself stays open to remote viewers (without client IPs).
        using var page = new HttpRequestMessage(HttpMethod.Get, "admin/");
        page.Headers.Add(AdminTestMiddleware.RemoteIpHeader, "203.0.113.7");
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
