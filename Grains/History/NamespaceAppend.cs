using SseOrleans.Abstractions;

namespace SseOrleans.Grains.History;

/// <summary>The new events of one namespace in one append, in id order, and whether its stream is live.</summary>
internal sealed record NamespaceAppend(string Path, NamespaceEvent[] Events, bool Live);
