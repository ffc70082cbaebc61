using System.ComponentModel.DataAnnotations;

namespace SseOrleans.Abstractions;

/// <summary>
/// The <c>Sse</c> configuration section: one contract for front-ends and silos, bound once per process
/// (<see cref="SseOptionsServiceCollectionExtensions.AddSseOptions"/>) and validated at start, field by
/// field here and across fields by <see cref="SseOptionsValidator"/>.
/// </summary>
public sealed class SseOptions
{
    public const string SectionName = "Sse";

    /// <summary>How often an idle stream gets a <c>:keepalive</c> comment.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// The coalescing window of the write path: the first event after a quiet spell is written at once,
    /// and what arrives within this interval after a send waits for the next one, so each connection
    /// gets at most one write and one flush per interval, whatever the event rate.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:00:01")]
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromMilliseconds(20);

    /// <summary>The reconnection delay sent to clients in the stream's <c>retry:</c> field.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan RetryInterval { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Bytes that may wait for one connection, live events and replay alike; a client further behind
    /// is disconnected.
    /// </summary>
    [Range(1024, 1024 * 1024 * 1024)]
    public int ConnectionBufferSize { get; set; } = 1024 * 1024;

    /// <summary>Open streams this front-end accepts; more get <c>503</c> with <c>Retry-After</c>.</summary>
    [Range(1, 10_000_000)]
    public int MaxConnections { get; set; } = 10_000;

    /// <summary>Open streams one client address may hold on this front-end (<c>429</c> beyond).</summary>
    [Range(1, 10_000_000)]
    public int MaxConnectionsPerClient { get; set; } = 256;

    /// <summary>
    /// New streams per second one client address may open on this front-end, sustained (a token bucket
    /// refilled at this rate; <c>429</c> with <c>Retry-After</c> beyond). Bounds how many namespaces one
    /// client can make the cluster look at over time, which the connection cap alone does not.
    /// </summary>
    [Range(1, 1_000_000)]
    public int SubscribeRatePerClient { get; set; } = 50;

    /// <summary>
    /// New streams one client address may open at once before <see cref="SubscribeRatePerClient"/> applies:
    /// at least <see cref="MaxConnectionsPerClient"/>, so that clients behind one address reconnecting
    /// together (a front-end restarted) are not refused.
    /// </summary>
    [Range(1, 10_000_000)]
    public int SubscribeBurstPerClient { get; set; } = 512;

    /// <summary>The largest event data accepted, in UTF-8 bytes (front-ends and grains).</summary>
    [Range(1, 16 * 1024 * 1024)]
    public int MaxMessageBytes { get; set; } = SseEventRules.DefaultMaxDataBytes;

    /// <summary>
    /// Events each namespace keeps for <c>Last-Event-ID</c> replay and for front-ends' repairs. It must hold
    /// what reaches a namespace (its whole subtree) while a failed silo goes undetected, or a front-end that
    /// could not read meanwhile finds those events gone: 10,000 covers 300 events/s for 30 s.
    /// </summary>
    [Range(0, 1_000_000)]
    public int HistorySize { get; set; } = 10_000;

    /// <summary>
    /// UTF-8 bytes of event data each namespace keeps for replay: the oldest events go first once their
    /// data exceeds this, even with fewer than <see cref="HistorySize"/> of them (at least one is kept).
    /// Within a silo an event's data is one copy, shared by the histories of every namespace it reaches.
    /// </summary>
    [Range(1, int.MaxValue)]
    public int HistoryMaxBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>
    /// How long an event stays in its namespace's history: older ones go first, whatever the other bounds.
    /// With Redis history a namespace that gets no event for this long is forgotten altogether (its keys
    /// expire), and its next event starts a new epoch.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00")]
    public TimeSpan HistoryMaxAge { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Where the history lives (<c>Sse:History:ProviderType</c>, <c>Sse:History:ServiceKey</c>).</summary>
    public SseHistoryOptions History { get; set; } = new();

    /// <summary>
    /// How long a front-end (or a .NET publisher using the retrying <c>PublishAsync</c>) retries a publish
    /// that failed because a silo was lost or its namespace was moving, before it answers <c>503</c>. Every
    /// retry carries the first attempt's publish id, so a publish that did happen is not appended again.
    /// Longer than Orleans' failure detection with its membership defaults (a dead silo's namespaces move
    /// once it is declared dead; see BENCHMARKS.md, Failover), so a failover delays publishes instead of
    /// failing them.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan PublishRetryTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// How long a namespace remembers a publish id (at least; at most twice this): twice the longest retry,
    /// and never under 30 s, so a retry that arrives late still finds the publish it repeats.
    /// </summary>
    public TimeSpan PublishIdRetention => TimeSpan.FromTicks(Math.Max(TimeSpan.FromSeconds(30).Ticks, 2 * PublishRetryTimeout.Ticks));

    /// <summary>When set, <c>POST /publish</c> needs <c>Authorization: Bearer {key}</c>; when not, loopback callers only.</summary>
    [MinLength(SseOptionsValidator.MinKeyLength)]
    public string? PublishKey { get; set; }

    /// <summary>
    /// Origins allowed to subscribe from a browser (CORS); <c>*</c> (the default when none is given)
    /// allows any. Empty by default because the configuration binder appends to an array it finds:
    /// a default of <c>*</c> would silently stay in every configured list.
    /// </summary>
    public string[] AllowedOrigins { get; set; } = [];

    /// <summary>
    /// Browser origins of other sites that may <c>POST /publish</c> (CORS, with credentials). Empty by
    /// default: a request from another site's page is refused, whatever its key.
    /// </summary>
    public string[] PublishOrigins { get; set; } = [];

    /// <summary>JWT bearer tokens (<c>Sse:Auth</c>); none configured by default.</summary>
    public SseAuthOptions Auth { get; set; } = new();

    /// <summary>The Mercure hub (<c>Sse:Mercure</c>): on, topics under <c>/mercure</c>.</summary>
    public SseMercureOptions Mercure { get; set; } = new();

    /// <summary>What callers without a grant may do (<c>Sse:Anonymous</c>): by default subscribe everywhere.</summary>
    public SseAnonymousOptions Anonymous { get; set; } = new();

    /// <summary>How soon a change in local subscriber counts reaches the namespace grains.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan SubscriberReportInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a reported count stays valid without renewal (front-ends renew at a third of it).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan SubscriberLease { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>When false, every <c>/admin/*</c> path answers <c>403 admin endpoint disabled</c>.</summary>
    public bool AdminEnabled { get; set; } = true;

    /// <summary>
    /// When set, <c>/admin/*</c> needs <c>Authorization: Bearer {key}</c>, <c>?key={key}</c> (which sets a
    /// cookie for the page) or that cookie. When not set, the admin pages are open but client IPs are
    /// shown to loopback viewers only.
    /// </summary>
    [MinLength(SseOptionsValidator.MinKeyLength)]
    public string? AdminKey { get; set; }

    /// <summary>
    /// Adds the Orleans dashboard at <c>/admin/dashboard/</c> where the Api hosts the silo. Off by
    /// default: it profiles every grain call.
    /// </summary>
    public bool OrleansDashboard { get; set; }

    /// <summary>
    /// How long a front-end holds a stream batch that does not follow what it delivered before it reads the
    /// history for the events in between. With several silos, one namespace's batches come from each of them
    /// and may arrive out of order; a batch that fills the hole within this window costs no history read.
    /// Zero repairs at once.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:05")]
    public TimeSpan ReorderWindow { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// How long a front-end waits for a namespace to take its interest (the first subscriber of a namespace on
    /// this front-end) before it answers the subscription <c>503</c>, so that a client retries while the
    /// cluster cannot take it instead of waiting with it. Not shorter: a browser's EventSource does not retry a
    /// refused subscription, and the first activation after a cluster restart can take seconds. A Redis history
    /// that stalls fails the report sooner (<see cref="SseHistoryOptions.ReadTimeout"/>).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan InterestTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long an Orleans client front-end keeps trying to re-subscribe its namespaces after losing a
    /// gateway (a silo died) before it closes their connections so that clients reconnect instead.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan ResubscribeTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How often a front-end asks the namespaces of its quiet feeds (those that delivered nothing for a
    /// whole interval) for their newest id, so that a lost last event, which no later event reveals, is
    /// repaired from the history within two intervals of the feed's last delivery. One cheap grain call
    /// per quiet namespace per front-end per interval; busy feeds find holes by sequence.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan GapCheckInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How often silos poll the memory-stream queues for new events: latency against idle cost.
    /// (Not under <c>Orleans:Streaming:sse</c>: any key there makes Orleans configure the provider.)
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:00:10")]
    public TimeSpan StreamPollInterval { get; set; } = TimeSpan.FromMilliseconds(10);

    /// <summary>
    /// How long a silo keeps an event in its memory-stream cache for the subscribers still to receive it
    /// (silos). A subscriber further behind misses it and its streams are closed, so clients reconnect and
    /// replay from the history, which is what keeps events; the stream is only the fast path.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan StreamCacheAge { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Bytes a silo's memory-stream cache may hold, all its queues together (silos). Beyond it the oldest
    /// cached events are dropped before <see cref="StreamCacheAge"/>. Every namespace an event reaches
    /// has its own stream, so an event to a namespace 32 segments deep is cached 33 times.
    /// </summary>
    [Range(1024 * 1024, int.MaxValue)]
    public int StreamCacheMaxBytes { get; set; } = 64 * 1024 * 1024;

    /// <summary>
    /// The data bytes of one page read from a namespace's history (a replay, a repair): a quarter of a
    /// connection's buffer (but one event of the largest size), so what a replay or a repair holds stays
    /// a fraction of what live events may queue for one connection.
    /// </summary>
    public int HistoryPageBytes => Math.Max(MaxMessageBytes, ConnectionBufferSize / 4);

    /// <summary>
    /// The memory-stream cache's block: one stream item (a batch of events, or one event of up to
    /// <see cref="MaxMessageBytes"/>, serialized) must fit in one.
    /// </summary>
    public int StreamCacheBlockBytes => Math.Max(1024 * 1024, 4 * MaxMessageBytes);
}
