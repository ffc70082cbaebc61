using System.Net;
using SseOrleans.Api.Tests.Infrastructure;
using SseOrleans.TestSupport;

namespace SseOrleans.Api.Tests.Http;

[Collection(RestrictedCollectionDefinition.Name)]
public sealed class LimitsTests(RestrictedFixture fixture)
{
    [Fact]
    public async Task One_client_address_may_hold_only_its_share_and_the_front_end_only_its_maximum()
    {
        var baseAddress = fixture.Host.BaseAddress;
        using var first = LoopbackHttp.From("127.0.0.1", baseAddress);
        using var second = LoopbackHttp.From("127.0.0.2", baseAddress);
        using var third = LoopbackHttp.From("127.0.0.3", baseAddress);

        await using var a1 = await SseClient.OpenAsync(first, "/subscribe/limits/a");
        await using var a2 = await SseClient.OpenAsync(first, "/subscribe/limits/b");
        using (var a3 = await SseClient.SendAsync(first, "/subscribe/limits/c"))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, a3.StatusCode);
            Assert.Contains("Sse:MaxConnectionsPerClient", await a3.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        await using var b1 = await SseClient.OpenAsync(second, "/subscribe/limits/d");
        using (var c1 = await SseClient.SendAsync(third, "/subscribe/limits/e"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, c1.StatusCode);
            Assert.Equal("5", c1.Headers.RetryAfter?.ToString());
            Assert.Contains("Sse:MaxConnections", await c1.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        await a2.DisposeAsync();
        await Eventually.EqualAsync(HttpStatusCode.OK, async () =>
        {
            using var retry = await SseClient.SendAsync(third, "/subscribe/limits/e");
            return retry.StatusCode;
        });
    }
}
