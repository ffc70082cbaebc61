using System.Net;
using Microsoft.Extensions.DependencyInjection;
using SseOrleans.Api.Tests.Infrastructure;
using SseOrleans.FrontEnd.FanOut;
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

    [Fact]
    public async Task One_client_address_may_open_only_its_burst_of_new_streams_at_once_then_its_rate()
    {
        // Each stream is closed, and gone from the server, before the next opens: only the rate can refuse.
        var hub = fixture.Host.Services.GetRequiredService<FanOutHub>();
        var answers = new List<RawResponse>();
        for (var i = 0; i < 8; i++)
        {
            var answer = await RawHttp.OpenAndCloseAsync(fixture.Host.BaseAddress, "/subscribe/limits/rate", "127.0.0.9");
            answers.Add(answer);
            await Eventually.EqualAsync(0, () => Task.FromResult(hub.SubscriberCounts().GetValueOrDefault("/limits/rate")));
        }

        Assert.All(answers.Take(4), answer => Assert.Equal(200, answer.Status));
        var refused = answers.Skip(4).FirstOrDefault(answer => answer.Status == 429);
        Assert.NotNull(refused);
        // Retry-After is what tells a rate refusal from one for too many open streams.
        Assert.NotNull(refused.Header("Retry-After"));

        // HEAD opens no stream, so it costs nothing of the rate.
        var head = await RawHttp.SendAsync(
            fixture.Host.BaseAddress,
            System.Text.Encoding.ASCII.GetBytes($"HEAD /subscribe/limits/rate HTTP/1.1\r\nHost: {fixture.Host.BaseAddress.Authority}\r\n\r\n"),
            headOnly: true,
            sourceAddress: "127.0.0.9");
        Assert.Equal(200, head.Status);
    }
}
