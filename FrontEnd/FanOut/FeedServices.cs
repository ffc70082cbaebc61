using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SseOrleans.Abstractions;
using SseOrleans.FrontEnd.Namespaces;
using SseOrleans.FrontEnd.Telemetry;

namespace SseOrleans.FrontEnd.FanOut;

/// <summary>
/// What every <see cref="NamespaceFeed"/> of this process shares: where it gets events and history, the
/// settings, the clock, the counts and the log. One object for the hub to hand each feed.
/// </summary>
internal sealed class FeedServices(
    INamespaceStreams streams,
    INamespaceGrains namespaces,
    IOptions<SseOptions> options,
    TimeProvider time,
    SseCounters counters,
    SseMetrics metrics,
    ILogger<NamespaceFeed> logger)
{
    public INamespaceStreams Streams { get; } = streams;

    public INamespaceGrains Namespaces { get; } = namespaces;

    public SseOptions Options { get; } = options.Value;

    public TimeProvider Time { get; } = time;

    public SseCounters Counters { get; } = counters;

    public SseMetrics Metrics { get; } = metrics;

    public ILogger Logger { get; } = logger;
}
