using Microsoft.Extensions.Hosting;

namespace SseOrleans.FrontEnd.FanOut;

/// <summary>
/// On SIGTERM, before the server stops: end every stream cleanly (EventSource reconnects, to another
/// front-end behind the load balancer, and replays) and refuse new ones. The streams' requests then
/// complete, so the host exits without waiting for its shutdown timeout.
/// </summary>
internal sealed class GracefulShutdown(FanOutHub hub) : IHostedLifecycleService
{
    public Task StoppingAsync(CancellationToken cancellationToken)
    {
        hub.CloseAll();
        return Task.CompletedTask;
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
