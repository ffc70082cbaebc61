namespace SseOrleans.Grains.History;

/// <summary>Why a store appended nothing for a publish of a batch (see <see cref="StoreAppend.Refusals"/>).</summary>
internal enum PublishRefusal : byte
{
    /// <summary>Appended, or answered with the id of the earlier publish it repeats.</summary>
    None,

    /// <summary>Its publish id was taken by an earlier publish with another name, data or fields (<see cref="PublishFingerprint"/>).</summary>
    PublishIdReused,

    /// <summary>It reached the store after its <see cref="PublishRequest.Deadline"/>.</summary>
    TooLate,
}
