using System.Globalization;
using SseOrleans.TestSupport;
using StackExchange.Redis;

namespace SseOrleans.Grains.Tests;

/// <summary>
/// A <c>redis-server</c> of the tests' own (Debian package, on the PATH), on a free loopback port, with
/// nothing written to disk; killed on dispose. It can be paused, so that Redis times out instead of refusing.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private readonly ChildProcess _process;

    private RedisServer(ChildProcess process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    /// <summary>Short timeouts, so that a paused server fails a call within a test's patience.</summary>
    public string ConnectionString => string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{Port},asyncTimeout=2000,syncTimeout=2000,abortConnect=false");

    public static async Task<RedisServer> StartAsync()
    {
        var port = FreePorts.Next();
        var process = ChildProcess.Start(
            "redis",
            "redis-server",
            ["--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            Path.GetTempPath());
        var server = new RedisServer(process, port);
        await Eventually.MatchAsync(
            async _ =>
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"redis-server exited (apt-get install redis-server).{Environment.NewLine}{process.RecentOutput()}");
                }

                try
                {
                    await using var probe = await ConnectionMultiplexer.ConnectAsync(server.ConnectionString);
                    await probe.GetDatabase().PingAsync();
                    return true;
                }
                catch (RedisConnectionException)
                {
                    return false; // not listening yet
                }
            },
            up => up,
            "redis-server to answer PING",
            TimeSpan.FromSeconds(20),
            TimeSpan.FromMilliseconds(50));
        return server;
    }

    public void Pause() => _process.Pause();

    public void Resume() => _process.Resume();

    public async ValueTask DisposeAsync()
    {
        _process.Resume();
        await _process.DisposeAsync();
    }
}
