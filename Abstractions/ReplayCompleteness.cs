namespace SseOrleans.Abstractions;

[GenerateSerializer, Alias("sse.ReplayCompleteness")]
public enum ReplayCompleteness
{
    /// <summary>Every event after the id: nothing was missed.</summary>
    Complete,

    /// <summary>The id is older than the retained history: some events are gone; all retained ones follow.</summary>
    Truncated,

    /// <summary>
    /// The id is not of this namespace's current sequence (malformed, from another namespace, or from
    /// before the grain was reactivated): what was missed is unknown; all retained events follow.
    /// </summary>
    UnknownId,
}
