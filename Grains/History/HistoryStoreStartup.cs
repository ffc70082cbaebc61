using Microsoft.Extensions.DependencyInjection;

namespace SseOrleans.Grains.History;

/// <summary>
/// Makes the history store (and with it the Redis connection) while the silo starts, on a thread of its
/// own. Aspire's keyed Redis client connects synchronously when it is first resolved; resolved inside the
/// first namespace activation, that connect held a scheduler thread for its whole length, every
/// activation behind it waiting.
/// </summary>
internal sealed class HistoryStoreStartup(IServiceProvider services) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle)
    {
        ArgumentNullException.ThrowIfNull(lifecycle);
        lifecycle.Subscribe(
            nameof(HistoryStoreStartup),
            ServiceLifecycleStage.ApplicationServices,
            _ => Task.Run(() => services.GetRequiredService<IHistoryStore>()));
    }
}
