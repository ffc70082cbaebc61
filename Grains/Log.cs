using Microsoft.Extensions.Logging;
using SseOrleans.Abstractions;

namespace SseOrleans.Grains;

internal static partial class Log
{
    [LoggerMessage(1001, LogLevel.Warning, "Publishing events of {Namespace} on its stream failed (attempt {Attempt}); retrying")]
    public static partial void StreamRetrying(this ILogger logger, Exception exception, string @namespace, int attempt);

    [LoggerMessage(1002, LogLevel.Error, "Appending a batch of {Count} publishes to the histories failed; their publishers are told")]
    public static partial void AppendFailed(this ILogger logger, Exception exception, int count);

    [LoggerMessage(1003, LogLevel.Warning, "Reporting publish counts of {Count} namespaces to the cluster directory failed; they are dropped")]
    public static partial void PublishCountReportFailed(this ILogger logger, Exception exception, int count);

    [LoggerMessage(1004, LogLevel.Warning, "Publishing {Count} events of {Namespace} on its stream failed; they are in the history, where front-ends find them")]
    public static partial void StreamFailed(this ILogger logger, Exception exception, string @namespace, int count);

    [LoggerMessage(1008, LogLevel.Information, "In-memory histories may hold {Ceiling} bytes in all ({Source})")]
    public static partial void HistoryMemoryCeiling(this ILogger logger, long ceiling, string source);

    [LoggerMessage(1009, LogLevel.Warning, "In-memory histories held {Before} bytes, over their ceiling of {Ceiling}: the {Histories} least recently used lost their oldest events, {After} bytes are left")]
    public static partial void HistoriesTrimmed(this ILogger logger, long before, long ceiling, int histories, long after);

    [LoggerMessage(1010, LogLevel.Warning, "Publishing the subscription event of {Subscription} (active: {Active}) failed; it is not announced")]
    public static partial void SubscriptionEventFailed(this ILogger logger, Exception exception, string subscription, bool active);

    [LoggerMessage(1011, LogLevel.Information, "Front-end {FrontEnd} did not renew its lease: its {Count} Mercure subscriptions are announced ended")]
    public static partial void SubscriptionLeaseExpired(this ILogger logger, string frontEnd, int count);
}
