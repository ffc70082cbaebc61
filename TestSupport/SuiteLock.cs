using System.Security.Cryptography;
using System.Text;

namespace SseOrleans.TestSupport;

/// <summary>
/// Lets the tests that must run on a quiet machine (real clusters, whose failure detection probes every
/// second) run while no other host of the suite does, though <c>dotnet test</c> runs the test assemblies
/// side by side. Every shared host holds the suite's lock shared while it lives (<see cref="HostFixture{THost}"/>
/// does); such a test holds it alone, waiting until the hosts alive have gone, while new ones wait for it.
/// A lock file per solution directory (one suite run), locked with <c>flock</c> through .NET's file sharing
/// (FileShare.None takes it exclusively, a read-only open shares it); released when the process ends, however.
/// </summary>
public static class SuiteLock
{
    /// <summary>How long a host or a test waits for its turn: the rest of the suite may have to finish first.</summary>
    public static readonly TimeSpan DefaultWait = TimeSpan.FromMinutes(30);

    private static readonly TimeSpan Retry = TimeSpan.FromMilliseconds(200);
    private static readonly string LockFile = Path.Combine(
        Path.GetTempPath(),
        "sseorleans-tests-" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(ChildProcess.SolutionDirectory)))[..16] + ".lock");

    /// <summary>Held by a host that may run beside others, as long as nothing holds the lock alone.</summary>
    public static Task<IDisposable> ShareAsync(TimeSpan? wait = null) => AcquireAsync(FileAccess.Read, FileShare.ReadWrite, wait);

    /// <summary>Held by what must run with no other host of the suite alive.</summary>
    public static Task<IDisposable> AloneAsync(TimeSpan? wait = null) => AcquireAsync(FileAccess.ReadWrite, FileShare.None, wait);

    private static async Task<IDisposable> AcquireAsync(FileAccess access, FileShare share, TimeSpan? wait)
    {
        using var deadline = new CancellationTokenSource(wait ?? DefaultWait);
        while (true)
        {
            try
            {
                return new FileStream(LockFile, FileMode.OpenOrCreate, access, share);
            }
            catch (IOException) when (!deadline.IsCancellationRequested)
            {
                // Held the other way: try again shortly.
            }

            try
            {
                await Task.Delay(Retry, deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"The suite's lock ({LockFile}) was not free {(share == FileShare.None ? "for this test alone" : "to share")} within {wait ?? DefaultWait}.");
            }
        }
    }
}
