namespace SseOrleans.Abstractions;

/// <summary>
/// One publish of a <see cref="IPublishGrain.PublishMany"/> call: as <see cref="IPublishGrain.Publish(string, SseEvent, Guid, DateTimeOffset)"/>
/// takes it, the deadline optional.
/// </summary>
[GenerateSerializer, Immutable, Alias("sse.PublishItem")]
public sealed record PublishItem(
    [property: Id(0)] string Path, [property: Id(1)] SseEvent Event, [property: Id(2)] Guid PublishId, [property: Id(3)] DateTimeOffset? Deadline = null);

/// <summary>
/// What became of one publish of a <see cref="IPublishGrain.PublishMany"/> call: its id, or the exception
/// <see cref="IPublishGrain.Publish"/> would have thrown for it alone.
/// </summary>
[GenerateSerializer, Immutable, Alias("sse.PublishOutcome")]
public sealed record PublishOutcome([property: Id(0)] SseEventId Id, [property: Id(1)] Exception? Failure);
