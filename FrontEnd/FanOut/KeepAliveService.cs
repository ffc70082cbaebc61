using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SseOrleans.Abstractions;

namespace SseOrleans.FrontEnd.FanOut;

/// <summary>One timer for the whole process sends the shared <c>:keepalive</c> comment to every stream.</summary>
internal sealed class KeepAliveService(FanOutHub hub, IOptions<SseOptions> options, TimeProvider time, ILogger<KeepAliveService> logger)
    : PeriodicBackgroundService(options.Value.KeepAliveInterval, time)
{
    protected override Task RunOnceAsync(CancellationToken stoppingToken)
    {
        hub.BroadcastKeepAlive();
        return Task.CompletedTask;
    }

    protected override void RoundFailed(Exception exception) => logger.KeepAliveFailed(exception);
}
