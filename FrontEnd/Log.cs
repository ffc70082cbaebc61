using Microsoft.Extensions.Logging;

namespace SseOrleans.FrontEnd;

internal static partial class Log
{
    [LoggerMessage(2001, LogLevel.Warning, "The stream of namespace {Namespace} failed; closing its connections so they reconnect")]
    public static partial void StreamFailed(this ILogger logger, Exception exception, string @namespace);

    [LoggerMessage(2002, LogLevel.Warning, "Unsubscribing from namespace {Namespace} failed")]
    public static partial void UnsubscribeFailed(this ILogger logger, Exception exception, string @namespace);

    [LoggerMessage(2003, LogLevel.Warning, "Subscribing a connection to namespace {Namespace} failed")]
    public static partial void SubscribeFailed(this ILogger logger, Exception exception, string @namespace);

    [LoggerMessage(2004, LogLevel.Information, "Disconnected a slow client of {Namespace} ({ClientIp}): more than {Limit} bytes behind")]
    public static partial void SlowClientDropped(this ILogger logger, string @namespace, string? clientIp, int limit);

    [LoggerMessage(2005, LogLevel.Warning, "Reporting subscriber counts failed; retrying at the next interval")]
    public static partial void ReportFailed(this ILogger logger, Exception exception);

    [LoggerMessage(2006, LogLevel.Warning, "Publishing to {Namespace} failed: the cluster is unavailable")]
    public static partial void PublishUnavailable(this ILogger logger, Exception exception, string @namespace);

    [LoggerMessage(2012, LogLevel.Warning, "Reporting this front-end to the cluster directory failed; retrying at the next interval")]
    public static partial void DirectoryReportFailed(this ILogger logger, Exception exception);

    [LoggerMessage(2007, LogLevel.Information, "Leaving the cluster directory on stop failed; this front-end drops out when its lease expires")]
    public static partial void LeaveDirectoryFailed(this ILogger logger, Exception exception);

    [LoggerMessage(2008, LogLevel.Warning, "Lost an Orleans gateway; re-subscribing {Count} namespaces")]
    public static partial void ResubscribeStarted(this ILogger logger, int count);

    [LoggerMessage(2009, LogLevel.Debug, "Re-subscribing to namespace {Namespace} failed (attempt {Attempt}); retrying")]
    public static partial void ResubscribeRetrying(this ILogger logger, Exception exception, string @namespace, int attempt);

    [LoggerMessage(2010, LogLevel.Information, "Re-subscribed to namespace {Namespace} after {Elapsed}")]
    public static partial void Resubscribed(this ILogger logger, string @namespace, TimeSpan elapsed);

    [LoggerMessage(2011, LogLevel.Warning, "Could not re-subscribe to namespace {Namespace} within {Timeout}; closing its connections so they reconnect")]
    public static partial void ResubscribeGaveUp(this ILogger logger, Exception exception, string @namespace, TimeSpan timeout);

    [LoggerMessage(2013, LogLevel.Debug, "Refused to let a caller {Operation} {Namespace}: {Outcome} ({Reason})")]
    public static partial void AccessRefused(this ILogger logger, string operation, string @namespace, string outcome, string? reason);

    [LoggerMessage(2014, LogLevel.Debug, "The token of a stream of {Namespace} expires at {ExpiresAt}; the stream ends then")]
    public static partial void StreamExpires(this ILogger logger, string @namespace, DateTimeOffset expiresAt);
}
