using System.Net;
using SseOrleans.Api.Tests.Infrastructure;
using SseOrleans.TestSupport;

namespace SseOrleans.Api.Tests.Admin;

[Collection(RestrictedCollectionDefinition.Name)]
public sealed class AdminDisabledTests(RestrictedFixture fixture)
{
    [Fact]
    public async Task Disabled_admin_answers_403_on_every_admin_path()
    {
        var host = fixture.Host;
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

        // Only admin is off: subscribing still works (asked from an address of its own: a HEAD costs a
        // new stream of the client's small rate here).
        using var client = LoopbackHttp.From("127.0.0.21", host.BaseAddress);
        using var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "subscribe/pets"), timeout.Token);
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
    }
}
