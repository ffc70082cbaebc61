using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SseOrleans.AppHost;

internal static partial class Log
{
    public static ILogger Logger(IServiceProvider services) =>
        services.GetRequiredService<ILoggerFactory>().CreateLogger("SseOrleans.AppHost");

    [LoggerMessage(1, LogLevel.Information, "Redis runs as {RunAs}: {Reason}")]
    public static partial void RedisChosen(ILogger logger, RedisRunAs runAs, string reason);

    [LoggerMessage(2, LogLevel.Information,
        "SSE front-ends ({Replicas} replicas) ready at {Url} (curl -N {Url}/subscribe/pets; the status page is {Url}/admin/ ; "
        + "publishing and /admin need the publish-key and admin-key parameters, shown in the dashboard)")]
    public static partial void FrontEndsReady(ILogger logger, int replicas, string url);
}
