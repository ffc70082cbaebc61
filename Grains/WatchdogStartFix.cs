using System.Reflection;
using Microsoft.Extensions.DependencyInjection;

namespace SseOrleans.Grains;

/// <summary>
/// Stops a false warning that Orleans 10.4 logs as a silo starts: "Participant check thread has not
/// completed for {the machine's uptime}". <c>Watchdog.Start</c> starts its platform thread before it sets
/// the time of the last component check; the thread's first look reads that time unset (a timestamp of
/// zero, the machine's boot), so it warns and records a local health complaint for a stall that never
/// happened. This sets that time, on the watchdog's own clock, just before the watchdog starts.
/// Kept here, by reflection, because nothing public initialises it; if Orleans renames the type or the
/// field this does nothing, and <c>WatchdogStartTests</c> fails on the warning coming back.
/// </summary>
internal sealed class WatchdogStartFix(IServiceProvider services) : ILifecycleParticipant<ISiloLifecycle>
{
    private static readonly Type? Watchdog = Type.GetType("Orleans.Runtime.Watchdog, Orleans.Runtime");

    private static readonly FieldInfo? LastComponentCheck =
        Watchdog?.GetField("_componentWatchdogTimestamp", BindingFlags.Instance | BindingFlags.NonPublic) is { FieldType: var type } field
        && type == typeof(long) ? field : null;

    public void Participate(ISiloLifecycle lifecycle)
    {
        ArgumentNullException.ThrowIfNull(lifecycle);
        if (Watchdog is null || LastComponentCheck is null)
        {
            return;
        }

        // The silo starts its watchdog at RuntimeGrainServices: this runs just before, in the stage below.
        lifecycle.Subscribe(nameof(WatchdogStartFix), ServiceLifecycleStage.RuntimeGrainServices - 1, _ =>
        {
            var clock = services.GetRequiredKeyedService<TimeProvider>(TimeProviderNames.Membership);
            LastComponentCheck.SetValue(services.GetRequiredService(Watchdog), clock.GetTimestamp());
            return Task.CompletedTask;
        });
    }
}
