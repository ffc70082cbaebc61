using SseOrleans.Abstractions;

namespace SseOrleans.Grains.History;

/// <summary>Publish ids a namespace took recently, with their event ids.</summary>
internal sealed class PublishIdWindow(TimeSpan retention, TimeProvider time)
    : RecentKeys<Guid, SseEventId>(retention, time, EqualityComparer<Guid>.Default);
