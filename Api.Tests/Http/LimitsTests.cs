using System.Diagnostics;
using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using SseOrleans.Api.Tests.Infrastructure;
using SseOrleans.FrontEnd.FanOut;
using SseOrleans.TestSupport;

namespace SseOrleans.Api.Tests.Http;

[Collection(RestrictedCollectionDefinition.Name)]
public sealed class LimitsTests(RestrictedFixture fixture)
{
    private const int MaxAttempts = 64;

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
        var (accepted, refused, elapsed) = await UntilRefusedAsync(async () =>
        {
            var answer = await RawHttp.OpenAndCloseAsync(fixture.Host.BaseAddress, "/subscribe/limits/rate", "127.0.0.9");
            await Eventually.EqualAsync(0, () => Task.FromResult(hub.SubscriberCounts().GetValueOrDefault("/limits/rate")));
            return answer;
        });

        AssertRateRefusal(refused);
        AssertWithinTheRate(accepted, RestrictedFixture.SubscribeBurstPerClient, elapsed);
    }

    [Fact]
    public async Task A_HEAD_costs_a_new_stream_of_the_rate_but_is_not_held_back_by_the_open_streams()
    {
        // The client holds its share of open streams; its HEADs are answered until its bucket is empty.
        using var client = LoopbackHttp.From("127.0.0.10", fixture.Host.BaseAddress);
        await using var first = await SseClient.OpenAsync(client, "/subscribe/limits/head-a");
        await using var second = await SseClient.OpenAsync(client, "/subscribe/limits/head-b");

        var (accepted, refused, elapsed) = await UntilRefusedAsync(() => RawHttp.SendAsync(
            fixture.Host.BaseAddress,
            Encoding.ASCII.GetBytes($"HEAD /subscribe/limits/head HTTP/1.1\r\nHost: {fixture.Host.BaseAddress.Authority}\r\n\r\n"),
            headOnly: true,
            sourceAddress: "127.0.0.10"));

        AssertRateRefusal(refused);
        AssertWithinTheRate(accepted, RestrictedFixture.SubscribeBurstPerClient - 2, elapsed);
    }

    /// <summary>
    /// Sends requests one after another until one is refused (or <see cref="MaxAttempts"/> were answered):
    /// however slow the machine, a bucket that gains one token a second runs dry unless every request takes
    /// a second. Returns how many were answered 200 before the refusal, and how long it all took.
    /// </summary>
    private static async Task<(int Accepted, RawResponse? Refused, TimeSpan Elapsed)> UntilRefusedAsync(Func<Task<RawResponse>> send)
    {
        var clock = Stopwatch.StartNew();
        var accepted = 0;
        while (accepted < MaxAttempts)
        {
            var answer = await send();
            if (answer.Status != 200)
            {
                return (accepted, answer, clock.Elapsed);
            }

            accepted++;
        }

        return (accepted, null, clock.Elapsed);
    }

    private static void AssertRateRefusal(RawResponse? refused)
    {
        Assert.NotNull(refused);
        Assert.Equal(429, refused.Status);
        // Retry-After is what tells a rate refusal from one for too many open streams.
        Assert.NotNull(refused.Header("Retry-After"));
    }

    // At least the tokens the bucket held, at most those plus one a second (and one for a refill in flight).
    private static void AssertWithinTheRate(int accepted, int tokens, TimeSpan elapsed) =>
        Assert.InRange(accepted, tokens, tokens + (int)Math.Ceiling(elapsed.TotalSeconds) + 1);
}
