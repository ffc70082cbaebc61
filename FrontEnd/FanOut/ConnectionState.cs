namespace SseOrleans.FrontEnd.FanOut;

/// <summary>
/// Where an <see cref="SseConnection"/> is: one value, changed under the connection's lock. A stream replays,
/// goes live, and ends; while a write waits for the client it is <see cref="Writing"/>, and nothing else is
/// written until that write returns to <see cref="Replaying"/> or <see cref="Live"/>. Whether the stream is to
/// end once its backlog is written is the backlog's (<see cref="ConnectionBacklog.IsClosed"/>), since that end
/// comes after what is queued.
/// </summary>
internal enum ConnectionState
{
    /// <summary>Its prelude (the retry line, any replay) is written piece by piece; live batches queue behind it.</summary>
    Replaying,

    /// <summary>Past its prelude: the flush scheduler writes what is queued.</summary>
    Live,

    /// <summary>A write (a piece of the prelude, or the backlog) waits for the client to read it.</summary>
    Writing,

    /// <summary>Ended while a write waited for the client: the run ends once that write returns.</summary>
    Ending,

    /// <summary>Ended: nothing more is written, and the run has its end.</summary>
    Ended,
}
