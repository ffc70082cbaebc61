using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using SseOrleans.TestSupport;
using Xunit.Abstractions;

namespace SseOrleans.Cluster.Tests;

/// <summary>
/// <c>scripts/run-cluster.sh</c> as a terminal runs it: in a process group of its own, stopped by Ctrl-C,
/// which sends SIGINT to the whole group. Afterwards nothing it started is running or listening.
/// </summary>
public sealed class RunClusterScriptTests(ITestOutputHelper output)
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    // Front-ends, then silos (Redis still up: they leave the membership table), then Redis, each in seconds.
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Ctrl_C_stops_every_process_the_script_started_and_the_script_exits()
    {
        using var alone = await SuiteLock.AloneAsync();
        var ports = FreePorts.Take(9);
        string Port(int i) => ports[i].ToString(CultureInfo.InvariantCulture);
        await using var script = ChildProcess.Start(
            "run-cluster",
            "setsid",
            ["bash", Path.Combine(ChildProcess.SolutionDirectory, "scripts", "run-cluster.sh")],
            ChildProcess.SolutionDirectory,
            new Dictionary<string, string?>
            {
                ["NO_BUILD"] = "1",
                ["CONFIGURATION"] = ChildProcess.BuildConfiguration,
                ["REDIS_PORT"] = Port(0),
                ["SILO1_PORTS"] = $"{Port(1)} {Port(2)} {Port(3)}",
                ["SILO2_PORTS"] = $"{Port(4)} {Port(5)} {Port(6)}",
                ["API1_PORT"] = Port(7),
                ["API2_PORT"] = Port(8),
                ["Logging__LogLevel__Default"] = "Warning",
            });
        foreach (var api in new[] { ports[7], ports[8] })
        {
            await HealthyAsync(script, LoopbackHttp.Address(api));
        }

        var clock = Stopwatch.StartNew();
        script.InterruptGroup();

        await script.WaitForExitAsync(StopTimeout);
        output.WriteLine($"the script exited {clock.Elapsed.TotalSeconds:F1} s after Ctrl-C");
        Assert.Empty(SessionProcesses(script.Id));
        foreach (var port in ports)
        {
            Assert.False(await ListensAsync(port), $"port {port} still answers after the script exited{Environment.NewLine}{script.RecentOutput()}");
        }
    }

    private static async Task HealthyAsync(ChildProcess script, Uri api)
    {
        using var http = LoopbackHttp.Client(api);
        await Eventually.MatchAsync(
            async cancellationToken =>
            {
                if (script.HasExited)
                {
                    throw new InvalidOperationException($"the script exited during start{Environment.NewLine}{script.RecentOutput()}");
                }

                try
                {
                    using var response = await http.GetAsync("health", cancellationToken);
                    return response.StatusCode;
                }
                catch (HttpRequestException)
                {
                    return HttpStatusCode.ServiceUnavailable; // not listening yet
                }
            },
            status => status == HttpStatusCode.OK,
            $"{api} to answer /health",
            StartTimeout,
            TimeSpan.FromMilliseconds(200));
    }

    /// <summary>The processes left in the session the script led (its id is the script's process id).</summary>
    private static string[] SessionProcesses(int session)
    {
        using var ps = Process.Start(new ProcessStartInfo("ps", ["-o", "pid=,args=", "-s", session.ToString(CultureInfo.InvariantCulture)])
        {
            RedirectStandardOutput = true,
        })!;
        var listed = ps.StandardOutput.ReadToEnd();
        ps.WaitForExit();
        return listed.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    private static async Task<bool> ListensAsync(int port)
    {
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
