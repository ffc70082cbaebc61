using System.Globalization;

namespace SseOrleans.TestSupport;

/// <summary>
/// A <c>redis-server</c> of the tests' own (Debian package, on the PATH), on a free loopback port, with
/// nothing written to disk; killed on dispose. It can be paused, so that Redis times out instead of
/// refusing, and stopped, so that it refuses.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    // Redis cannot listen on a port of its own choosing (--port 0 turns TCP off), so it gets one that was
    // free a moment ago, and another if some other process took that one first.
    private const int Attempts = 5;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(20);
    private readonly ChildProcess _process;

    private RedisServer(ChildProcess process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    /// <summary>Short timeouts, so that a paused server fails a call within a test's patience.</summary>
    public string ConnectionString => string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{Port},asyncTimeout=2000,syncTimeout=2000,abortConnect=false");

    /// <summary><c>127.0.0.1:{port}</c>, as docs/cluster.md's settings name Redis.</summary>
    public string Address => string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{Port}");

    public bool HasExited => _process.HasExited;

    public static async Task<RedisServer> StartAsync()
    {
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePorts.Next();
            var process = ChildProcess.Start(
                "redis",
                "redis-server",
                ["--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
                Path.GetTempPath());
            try
            {
                await process.WaitForLineAsync(line => line.Contains("Ready to accept connections", StringComparison.Ordinal), StartTimeout);
                return new RedisServer(process, port);
            }
            catch (InvalidOperationException) when (attempt < Attempts && process.RecentOutput().Contains("Address already in use", StringComparison.Ordinal))
            {
                await process.DisposeAsync();
            }
            catch (InvalidOperationException exception)
            {
                await process.DisposeAsync();
                throw new InvalidOperationException($"redis-server did not start (apt-get install redis-server). {exception.Message}", exception);
            }
            catch
            {
                await process.DisposeAsync();
                throw;
            }
        }
    }

    /// <summary>SIGSTOP: connections stay open and nothing is answered until <see cref="Resume"/>.</summary>
    public void Pause() => _process.Pause();

    public void Resume() => _process.Resume();

    /// <summary>SIGKILL: every connection is refused from now on.</summary>
    public void Stop() => _process.Kill();

    public async ValueTask DisposeAsync()
    {
        _process.Resume();
        await _process.DisposeAsync();
    }
}
