using System.Diagnostics;
using System.Globalization;
using SseOrleans.TestSupport;
using Xunit.Abstractions;

namespace SseOrleans.Api.Tests.Http;

public sealed class ShutdownTests(ITestOutputHelper output)
{
    [Fact]
    public async Task On_SIGTERM_streams_end_cleanly_so_clients_reconnect_and_the_process_exits_promptly()
    {
        // Only a real process shows what a signal does: the built Api on a port it chooses, its embedded
        // silo on free ports (Orleans cannot bind port 0).
        var ports = FreePorts.Take(2);
        await using var api = await ChildProcess.StartProjectAsync("api", "Api", new Dictionary<string, string?>
        {
            ["Orleans:Endpoints:SiloPort"] = ports[0].ToString(CultureInfo.InvariantCulture),
            ["Orleans:Endpoints:GatewayPort"] = ports[1].ToString(CultureInfo.InvariantCulture),
            ["Logging:LogLevel:Default"] = "Warning",
        }, TimeSpan.FromSeconds(30));
        await api.WaitHealthyAsync(TimeSpan.FromSeconds(30));
        using var http = LoopbackHttp.Client(api.BaseAddress!);
        await using var first = await SseClient.OpenAsync(http, "/subscribe/shutdown");
        await using var second = await SseClient.OpenAsync(http, "/subscribe/shutdown/deeper");
        using (await http.PostAsync("/publish/shutdown/deeper", new StringContent("before")))
        {
            Assert.Equal("before", (await first.NextAsync()).Data);
        }

        var clock = Stopwatch.StartNew();
        api.Terminate();

        // A clean end of the response (not a reset) is what makes EventSource reconnect.
        Assert.Empty(await first.ReadToEndAsync());
        Assert.Equal(["before"], (await second.ReadToEndAsync()).Select(e => e.Data));
        var streamsClosed = clock.Elapsed;
        await api.WaitForExitAsync(TimeSpan.FromSeconds(30));
        output.WriteLine($"streams closed after {streamsClosed.TotalMilliseconds:F0} ms, process exited after {clock.Elapsed.TotalMilliseconds:F0} ms");
        Assert.Equal(0, api.ExitCode);
        // A clean stop logs no errors (Orleans' stream receivers did, for reads cancelled mid-wait).
        var logged = api.RecentOutput();
        Assert.False(logged.Contains("fail:", StringComparison.Ordinal), logged);
    }
}
