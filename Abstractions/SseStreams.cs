using Orleans.Runtime;

namespace SseOrleans.Abstractions;

/// <summary>Names shared by the grains that publish namespace streams and the front-ends that consume them.</summary>
public static class SseStreams
{
    /// <summary>The Orleans stream provider name (configured as <c>Orleans:Streaming:sse</c>).</summary>
    public const string ProviderName = "sse";

    /// <summary>The Orleans grain storage that explicit stream subscriptions need.</summary>
    public const string PubSubStore = "PubSubStore";

    private const string StreamNamespace = "sse-namespace";

    public static StreamId ForNamespace(string path) => StreamId.Create(StreamNamespace, path);
}
