using System.Diagnostics;
using System.Globalization;
using SseOrleans.TestSupport;
using Xunit.Abstractions;

namespace SseOrleans.Cluster.Tests;

/// <summary>
/// A silo asked to stop after Redis, which holds its membership table, has gone (as a terminal's Ctrl-C
/// stops Redis with everything else): it exits within its shutdown timeout, where it used to retry its
/// goodbye to the table for two minutes.
/// </summary>
public sealed class SiloShutdownTests(ITestOutputHelper output)
{
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(5);

    // What a busy machine may add to the timeout: starting the stop, writing the log, leaving the process.
    private static readonly TimeSpan ExitMargin = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_silo_whose_Redis_is_gone_exits_within_its_shutdown_timeout_and_says_why()
    {
        using var alone = await SuiteLock.AloneAsync();
        await using var redis = await RedisServer.StartAsync();
        var ports = FreePorts.Take(2);
        var settings = SseCluster.SiloSettings("shutdown-" + Guid.NewGuid().ToString("N")[..8], redis.Address, ports[0], ports[1], SseCluster.DefaultMembership);
        settings["Logging:LogLevel:Default"] = "Warning";
        settings["shutdownTimeoutSeconds"] = ShutdownTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture);
        await using var silo = await ChildProcess.StartProjectAsync("silo", "Silo", settings, StartTimeout);
        await silo.WaitHealthyAsync(StartTimeout);

        redis.Stop();
        var clock = Stopwatch.StartNew();
        silo.Terminate();

        await silo.WaitForExitAsync(ShutdownTimeout + ExitMargin);
        output.WriteLine($"the silo exited {clock.Elapsed.TotalSeconds:F1} s after SIGTERM, with code {silo.ExitCode}");
        Assert.Equal(1, silo.ExitCode);
        await silo.WaitForLineAsync(line => line.Contains("did not stop within its shutdown timeout", StringComparison.Ordinal), TimeSpan.FromSeconds(5));
    }
}
