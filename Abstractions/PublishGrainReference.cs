using System.Runtime.CompilerServices;

namespace SseOrleans.Abstractions;

/// <summary>
/// The publish grains of one grain factory, made once (a reference made per call pays Orleans' reflection
/// lookup, as <see cref="NamespaceGrainReference"/> explains), handed out in turn.
/// </summary>
internal static class PublishGrainReference
{
    /// <summary>How many keys publishes are spread over: enough for a client to reach every gateway of a cluster.</summary>
    public const int Keys = 32;

    private static readonly ConditionalWeakTable<IGrainFactory, IPublishGrain[]> References = [];
    private static int _next;

    public static IPublishGrain Next(IGrainFactory grains)
    {
        var references = References.GetValue(grains, static factory =>
        {
            var made = new IPublishGrain[Keys];
            for (var key = 0; key < made.Length; key++)
            {
                made[key] = factory.GetGrain<IPublishGrain>(key);
            }

            return made;
        });
        return references[(int)((uint)Interlocked.Increment(ref _next) % Keys)];
    }
}
