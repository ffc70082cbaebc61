using Microsoft.Extensions.Logging;

namespace SseOrleans.ServiceDefaults;

internal static partial class Log
{
    public const string Category = "SseOrleans.ServiceDefaults";

    [LoggerMessage(3001, LogLevel.Warning,
        "The host did not stop within its shutdown timeout ({Timeout}): exiting without waiting further (is Redis, or another dependency of a stopping service, unreachable?)")]
    public static partial void StopTimedOut(ILogger logger, TimeSpan timeout);
}
