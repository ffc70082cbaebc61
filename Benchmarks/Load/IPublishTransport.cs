namespace SseOrleans.Benchmarks.Load;

/// <summary>How the <see cref="Publisher"/> hands one event to the server: HTTP POST or the grain client.</summary>
internal interface IPublishTransport : IAsyncDisposable
{
    /// <summary>
    /// Publishes <paramref name="length"/> bytes of <paramref name="payload"/> to the leaf's namespace; null
    /// when the server accepted it, otherwise why not. Throws <see cref="OperationCanceledException"/> once
    /// <paramref name="stop"/> fires.
    /// </summary>
    Task<string?> SendAsync(int leaf, byte[] payload, int length, CancellationToken stop);
}
