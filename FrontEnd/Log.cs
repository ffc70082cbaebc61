using Microsoft.Extensions.Logging;
using SseOrleans.Abstractions;

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

    [LoggerMessage(2013, LogLevel.Information, "Repaired {Count} events of namespace {Namespace} after {After} from its history in {Elapsed}: its stream had not delivered them")]
    public static partial void Repaired(this ILogger logger, string @namespace, int count, SseEventId after, TimeSpan elapsed);

    [LoggerMessage(2014, LogLevel.Warning, "{Count} events of namespace {Namespace} after {After} are lost: its stream missed them and its history no longer holds them; continuing with {Next}")]
    public static partial void EventsLost(this ILogger logger, string @namespace, long count, SseEventId after, SseEventId next);

    [LoggerMessage(2015, LogLevel.Warning, "The history of namespace {Namespace} restarted (epoch {Epoch}); what followed {After} in the previous one is gone")]
    public static partial void HistoryRestarted(this ILogger logger, string @namespace, long epoch, SseEventId after);

    [LoggerMessage(2016, LogLevel.Debug, "Reading the history of namespace {Namespace} after {After} to repair its stream failed or lagged (attempt {Attempt}); retrying")]
    public static partial void RepairRetrying(this ILogger logger, Exception? exception, string @namespace, SseEventId after, int attempt);

    [LoggerMessage(2017, LogLevel.Warning, "Could not repair the stream of namespace {Namespace} after {After} from its history within {Timeout}; closing its connections so they reconnect and replay")]
    public static partial void RepairGaveUp(this ILogger logger, Exception? exception, string @namespace, SseEventId after, TimeSpan timeout);

    [LoggerMessage(2018, LogLevel.Error, "Repairing the stream of namespace {Namespace} failed; closing its connections so they reconnect and replay")]
    public static partial void RepairFailed(this ILogger logger, Exception exception, string @namespace);

    [LoggerMessage(2019, LogLevel.Debug, "Asking namespace {Namespace} for its newest event id failed; the next check asks again")]
    public static partial void NewestCheckFailed(this ILogger logger, Exception exception, string @namespace);

    [LoggerMessage(2020, LogLevel.Debug, "Refused to let a caller {Operation} {Namespace}: {Outcome} ({Reason})")]
    public static partial void AccessRefused(this ILogger logger, string operation, string @namespace, string outcome, string? reason);

    [LoggerMessage(2021, LogLevel.Debug, "The token of a stream of {Namespace} expires at {ExpiresAt}; the stream ends then")]
    public static partial void StreamExpires(this ILogger logger, string @namespace, DateTimeOffset expiresAt);

    [LoggerMessage(2022, LogLevel.Warning, "The gap check failed; the next one runs at the next interval")]
    public static partial void GapCheckFailed(this ILogger logger, Exception exception);

    [LoggerMessage(2023, LogLevel.Warning, "Sending keep-alives failed; the next interval sends them again")]
    public static partial void KeepAliveFailed(this ILogger logger, Exception exception);

    [LoggerMessage(2040, LogLevel.Warning, "Reporting {Count} Mercure subscription changes to the cluster failed; retrying")]
    public static partial void SubscriptionReportFailed(this ILogger logger, Exception exception, int count);

    [LoggerMessage(2041, LogLevel.Warning, "Ending this front-end's Mercure subscriptions in the cluster failed on stop; its lease ends them")]
    public static partial void SubscriptionLeaveFailed(this ILogger logger, Exception exception);

    [LoggerMessage(2042, LogLevel.Warning, "Reading the cluster's Mercure subscriptions failed")]
    public static partial void SubscriptionListFailed(this ILogger logger, Exception exception);
}
