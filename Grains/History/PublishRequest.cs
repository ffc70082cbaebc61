namespace SseOrleans.Grains.History;

/// <summary>
/// One publish on its way into the histories: its target namespace (normalized), name, data, and the
/// publisher's publish id (<see cref="Guid.Empty"/> for none), by which a retry is answered the first id.
/// </summary>
internal readonly record struct PublishRequest(string Target, string? Name, string Data, Guid PublishId);
