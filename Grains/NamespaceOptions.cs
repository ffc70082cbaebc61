using System.ComponentModel.DataAnnotations;
using SseOrleans.Abstractions;

namespace SseOrleans.Grains;

/// <summary>The grain side of the <c>Sse</c> configuration section.</summary>
public sealed class NamespaceOptions
{
    public const string SectionName = "Sse";

    /// <summary>Events each namespace keeps for <c>Last-Event-ID</c> replay.</summary>
    [Range(0, 1_000_000)]
    public int HistorySize { get; set; } = 1000;

    /// <summary>The largest event data accepted, in UTF-8 bytes.</summary>
    [Range(1, 16 * 1024 * 1024)]
    public int MaxMessageBytes { get; set; } = SseEventRules.DefaultMaxDataBytes;

    /// <summary>
    /// How often silos poll the memory-stream queues for new events: latency against idle cost.
    /// (Not under <c>Orleans:Streaming:sse</c>: any key there makes Orleans configure the provider.)
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:00:10")]
    public TimeSpan StreamPollInterval { get; set; } = TimeSpan.FromMilliseconds(10);
}
