using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using StackExchange.Redis;

namespace SseOrleans.Grains.Tests;

/// <summary>
/// A <c>redis-server</c> of the tests' own (Debian package, on the PATH), on a free loopback port, with
/// nothing written to disk; killed on dispose. It can be paused (SIGSTOP) to make Redis time out instead
/// of refusing.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private readonly Process _process;

    private RedisServer(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    /// <summary>For the histories: short timeouts, so that a paused server fails a call within the test's patience.</summary>
    public string ConnectionString => string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{Port},asyncTimeout=2000,syncTimeout=2000,abortConnect=false");

    public static async Task<RedisServer> StartAsync()
    {
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        var info = new ProcessStartInfo("redis-server")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no" })
        {
            info.ArgumentList.Add(argument);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("redis-server did not start (apt-get install redis-server)");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new RedisServer(process, port);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (true)
        {
            try
            {
                await using var probe = await ConnectionMultiplexer.ConnectAsync(server.ConnectionString);
                await probe.GetDatabase().PingAsync();
                return server;
            }
            catch (RedisConnectionException) when (!deadline.IsCancellationRequested && !process.HasExited)
            {
                // Polling with a deadline: a process offers no event for "listening".
                await Task.Delay(50, CancellationToken.None);
            }
        }
    }

    public void Pause() => Signal("-STOP");

    public void Resume() => Signal("-CONT");

    public ValueTask DisposeAsync()
    {
        try
        {
            Resume();
            _process.Kill();
            _process.WaitForExit();
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    private void Signal(string signal)
    {
        using var kill = Process.Start("kill", [signal, _process.Id.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }
}
