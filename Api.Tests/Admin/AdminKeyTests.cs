using System.Net;
using System.Net.Http.Headers;
using SseOrleans.Api.Tests.Infrastructure;
using SseOrleans.TestSupport;

namespace SseOrleans.Api.Tests.Admin;

[Collection(KeyedCollectionDefinition.Name)]
public sealed class AdminKeyTests(KeyedFixture fixture)
{
    private const string Key = KeyedFixture.AdminKey;

    [Fact]
    public async Task Admin_key_is_required_as_bearer_token_query_or_cookie()
    {
        var host = fixture.Host;
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

        // /admin?key= redirects to the page with the cookie set, and without the key in the address.
        using var noRedirects = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = host.BaseAddress };
        using var redirect = await noRedirects.GetAsync("admin?key=" + Uri.EscapeDataString(Key), timeout.Token);
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        Assert.Equal("/admin/", redirect.Headers.Location?.OriginalString);
        Assert.DoesNotContain(Key, Assert.Single(redirect.Headers.GetValues("Set-Cookie")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_a_key_an_authorized_remote_viewer_sees_client_ips()
    {
        var host = fixture.Host;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var ns = TestNamespace.Unique("/access-ip/");
        await using var subscription = await SseClient.OpenAsync(host.Http, "/subscribe" + ns, userAgent: "ip-test");

        using var request = new HttpRequestMessage(HttpMethod.Get, "admin/status.json" + AdminStatus.Query(ns));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Key);
        request.Headers.Add(TestRemoteIp.Header, "203.0.113.7");
        using var response = await host.Http.SendAsync(request, timeout.Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync(timeout.Token);
        Assert.Contains("\"client_ip\":\"127.0.0.1\"", body, StringComparison.Ordinal);
    }
}
