namespace SseOrleans.Abstractions;

/// <summary>Publishing from any .NET Orleans client: <c>await client.PublishAsync("/pets/dogs", "new-dog", "Corgi")</c>.</summary>
public static class GrainFactoryExtensions
{
    /// <summary>The grain of a namespace; throws <see cref="ArgumentException"/> for an invalid path.</summary>
    public static INamespaceGrain GetNamespace(this IGrainFactory grains, string @namespace)
    {
        ArgumentNullException.ThrowIfNull(grains);
        return grains.GetGrain<INamespaceGrain>(NamespacePath.Normalize(@namespace));
    }

    /// <summary>Publishes <paramref name="data"/> to a namespace; returns the event's id there.</summary>
    public static Task<SseEventId> PublishAsync(this IGrainFactory grains, string @namespace, string? eventName, string data) =>
        grains.GetNamespace(@namespace).Publish(new SseEvent(eventName, data));

    /// <summary>Publishes unnamed data to a namespace; returns the event's id there.</summary>
    public static Task<SseEventId> PublishAsync(this IGrainFactory grains, string @namespace, string data) =>
        grains.PublishAsync(@namespace, null, data);
}
