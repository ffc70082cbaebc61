using System.Diagnostics;
using SseOrleans.Api.Tests.Infrastructure;
using Xunit.Abstractions;

namespace SseOrleans.Api.Tests.Http;

public sealed class ShutdownTests(ITestOutputHelper output)
{
    [Fact]
    public async Task On_SIGTERM_streams_end_cleanly_so_clients_reconnect_and_the_process_exits_promptly()
    {
        await using var api = await ApiProcess.StartAsync();
        await using var first = await SseClient.OpenAsync(api.Http, "/subscribe/shutdown");
        await using var second = await SseClient.OpenAsync(api.Http, "/subscribe/shutdown/deeper");
        using (await api.Http.PostAsync("/publish/shutdown/deeper", new StringContent("before")))
        {
            Assert.Equal("before", (await first.NextAsync()).Data);
        }

        var clock = Stopwatch.StartNew();
        api.SendSigterm();

        // A clean end of the response (not a reset) is what makes EventSource reconnect.
        Assert.Empty(await first.ReadToEndAsync());
        Assert.Equal(["before"], (await second.ReadToEndAsync()).Select(e => e.Data));
        var streamsClosed = clock.Elapsed;
        await api.WaitForExitAsync(TimeSpan.FromSeconds(30));
        output.WriteLine($"streams closed after {streamsClosed.TotalMilliseconds:F0} ms, process exited after {clock.Elapsed.TotalMilliseconds:F0} ms");
        Assert.Equal(0, api.ExitCode);
    }
}
