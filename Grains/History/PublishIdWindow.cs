namespace SseOrleans.Grains.History;

/// <summary>Publish ids a namespace took recently, with the event each gave and the publish's fingerprint.</summary>
internal sealed class PublishIdWindow(TimeSpan retention, TimeProvider time)
    : RecentKeys<Guid, RememberedPublish>(retention, time, EqualityComparer<Guid>.Default);
