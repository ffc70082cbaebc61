using System.Threading.Channels;
using Orleans.Streams;
using SseOrleans.Abstractions;
using SseOrleans.FrontEnd.Namespaces;

namespace SseOrleans.Api.Tests.FanOut;

/// <summary>Namespace streams without a cluster: subscriptions that fail while <see cref="Failing"/>, and a record of every attempt.</summary>
internal sealed class FakeNamespaceStreams : INamespaceStreams
{
    private readonly Channel<string> _attempts = Channel.CreateUnbounded<string>();

    public bool Failing { get; set; }

    public int Attempts { get; private set; }

    public int Unsubscribed { get; private set; }

    public List<IAsyncBatchObserver<EventBatch>> Observers { get; } = [];

    public Task<IAsyncDisposable> SubscribeAsync(string path, IAsyncBatchObserver<EventBatch> observer)
    {
        // Decided before the attempt is announced, so a test that reacts to it changes only later ones.
        var failing = Failing;
        Attempts++;
        if (!failing)
        {
            Observers.Add(observer);
        }

        _attempts.Writer.TryWrite(path);
        return failing
            ? Task.FromException<IAsyncDisposable>(new OrleansException("the silo of this stream is gone"))
            : Task.FromResult<IAsyncDisposable>(new Subscription(this));
    }

    /// <summary>Completes at the next subscribe attempt (one that happened already included).</summary>
    public async Task<string> NextAttemptAsync(CancellationToken cancellationToken) => await _attempts.Reader.ReadAsync(cancellationToken);

    public bool HasPendingAttempt => _attempts.Reader.TryPeek(out _);

    private sealed class Subscription(FakeNamespaceStreams owner) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            owner.Unsubscribed++;
            return ValueTask.CompletedTask;
        }
    }
}
