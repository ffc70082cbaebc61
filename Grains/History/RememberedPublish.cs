using SseOrleans.Abstractions;

namespace SseOrleans.Grains.History;

/// <summary>What a namespace remembers of a publish id: the event it gave, and the publish's <see cref="PublishFingerprint"/>.</summary>
internal readonly record struct RememberedPublish(SseEventId Id, UInt128 Fingerprint);
