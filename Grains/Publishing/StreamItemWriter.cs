using Microsoft.Extensions.Logging;
using Orleans.Streams;
using SseOrleans.Abstractions;
using SseOrleans.Grains.History;

namespace SseOrleans.Grains.Publishing;

/// <summary>
/// Puts an append's new events on the streams of the namespaces that are live (someone subscribes), one item
/// per namespace (split where it would exceed what front-ends hand out in one piece), all namespaces at once.
/// The stream is only the fast path: an item it fails to carry is still in the history, where front-ends find
/// it by the hole it leaves, so failures are retried briefly, then logged, never thrown.
/// </summary>
internal sealed class StreamItemWriter(IClusterClient client, TimeProvider time, ILogger<StreamItemWriter> logger)
{
    private const int MaxStreamItemChars = 64 * 1024;
    private static readonly TimeSpan[] RetryDelays = [TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1)];

    public Task WriteAsync(NamespaceAppend[] namespaces)
    {
        List<Task>? writes = null;
        foreach (var appended in namespaces)
        {
            if (appended.Live && appended.Events.Length > 0)
            {
                (writes ??= []).Add(WriteAsync(appended.Path, appended.Events));
            }
        }

        return writes is null ? Task.CompletedTask : Task.WhenAll(writes);
    }

    private async Task WriteAsync(string path, NamespaceEvent[] events)
    {
        var stream = client.GetStreamProvider(SseStreams.ProviderName).GetStream<EventBatch>(SseStreams.ForNamespace(path));
        var start = 0;
        while (start < events.Length)
        {
            var end = start;
            var chars = 0L;
            while (end < events.Length && (end == start || chars + events[end].Data.Length <= MaxStreamItemChars))
            {
                chars += events[end++].Data.Length;
            }

            await WriteItemAsync(stream, path, new EventBatch(events[start..end]));
            start = end;
        }
    }

    private async Task WriteItemAsync(IAsyncStream<EventBatch> stream, string path, EventBatch item)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await stream.OnNextAsync(item);
                return;
            }
            catch (Exception exception) when (attempt < RetryDelays.Length)
            {
                logger.StreamRetrying(exception, path, attempt + 1);
                await Task.Delay(RetryDelays[attempt], time);
            }
            catch (Exception exception)
            {
                logger.StreamFailed(exception, path, item.Events.Length);
                return;
            }
        }
    }
}
