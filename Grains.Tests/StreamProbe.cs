using System.Threading.Channels;
using Orleans.Streams;
using SseOrleans.Abstractions;

namespace SseOrleans.Grains.Tests;

/// <summary>
/// Subscribes to a namespace's stream as a front-end does (the stream, then a subscriber report, which makes
/// the namespace live and take copies of what is published below it) and hands its events out one at a time.
/// </summary>
internal sealed class StreamProbe : IAsyncObserver<EventBatch>, IAsyncDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly Channel<NamespaceEvent> _events = Channel.CreateUnbounded<NamespaceEvent>();
    private StreamSubscriptionHandle<EventBatch>? _handle;

    /// <summary>Subscribes to the stream and, unless <paramref name="reportInterest"/> is false, reports a subscriber.</summary>
    public static async Task<StreamProbe> SubscribeAsync(IClusterClient client, string path, bool reportInterest = true)
    {
        var probe = new StreamProbe();
        probe._handle = await client.GetStreamProvider(SseStreams.ProviderName)
            .GetStream<EventBatch>(SseStreams.ForNamespace(path))
            .SubscribeAsync(probe);
        if (reportInterest)
        {
            await client.GetNamespace(path).ReportSubscribers("probe-" + Guid.NewGuid().ToString("N")[..8], 1, TimeSpan.FromMinutes(10));
        }

        return probe;
    }

    public async Task<NamespaceEvent> NextAsync()
    {
        using var timeout = new CancellationTokenSource(Timeout);
        return await _events.Reader.ReadAsync(timeout.Token);
    }

    public async Task<List<NamespaceEvent>> NextAsync(int count)
    {
        var events = new List<NamespaceEvent>(count);
        for (var i = 0; i < count; i++)
        {
            events.Add(await NextAsync());
        }

        return events;
    }

    /// <summary>The next event that originates under <paramref name="prefix"/>, skipping others (the root is shared).</summary>
    public async Task<NamespaceEvent> NextFromAsync(string prefix)
    {
        while (true)
        {
            var next = await NextAsync();
            if (next.Origin.StartsWith(prefix, StringComparison.Ordinal))
            {
                return next;
            }
        }
    }

    public bool TryTakeAny(out NamespaceEvent? item) => _events.Reader.TryRead(out item);

    public Task OnNextAsync(EventBatch item, StreamSequenceToken? token = null)
    {
        foreach (var e in item.Events)
        {
            _events.Writer.TryWrite(e);
        }

        return Task.CompletedTask;
    }

    public Task OnCompletedAsync() => Task.CompletedTask;

    public Task OnErrorAsync(Exception ex) => Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_handle is not null)
        {
            await _handle.UnsubscribeAsync();
        }
    }
}
