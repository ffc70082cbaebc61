using Microsoft.Extensions.Logging;

namespace SseOrleans.Grains;

internal static partial class Log
{
    [LoggerMessage(1001, LogLevel.Warning, "Delivering events of {Namespace} to its {Target} failed (attempt {Attempt}); retrying")]
    public static partial void DeliveryRetrying(this ILogger logger, Exception exception, string @namespace, string target, int attempt);

    [LoggerMessage(1002, LogLevel.Error, "Delivering {Count} events of {Namespace} to its {Target} failed; their publishers are told")]
    public static partial void DeliveryFailed(this ILogger logger, Exception exception, string @namespace, string target, int count);

    [LoggerMessage(1003, LogLevel.Warning, "Reporting publish counts of {Count} namespaces to the cluster directory failed; they are dropped")]
    public static partial void PublishCountReportFailed(this ILogger logger, Exception exception, int count);
}
