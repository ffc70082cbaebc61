namespace SseOrleans.FrontEnd.FanOut;

/// <summary>
/// The life of an <see cref="SseConnection"/>'s stream: its one <see cref="ConnectionState"/>, every move
/// between states, and the end the run comes to, exactly once and never while a write waits for the client
/// (the response must not complete under a pending flush). The connection makes the moves under its lock,
/// around its writes; <see cref="HasEnded"/> may be read without it.
/// </summary>
/// <remarks>
/// A struct held in place in its connection (never copied, never in a readonly field), so that the check
/// every queued event makes reads one object.
/// </remarks>
internal struct ConnectionLifecycle
{
    private readonly TaskCompletionSource<SseConnectionEnd> _end;
    private volatile ConnectionState _state;
    private SseConnectionEnd _reason;

    public ConnectionLifecycle() => _end = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public readonly ConnectionState State => _state;

    public readonly bool HasEnded => _state >= ConnectionState.Ending;

    /// <summary>Completes with the end of the stream, once no write waits for the client.</summary>
    public readonly Task<SseConnectionEnd> Ended => _end.Task;

    /// <summary>The prelude is written: the stream is live, unless it ended meanwhile.</summary>
    public void GoLive()
    {
        if (_state == ConnectionState.Replaying)
        {
            _state = ConnectionState.Live;
        }
    }

    /// <summary>A write of the prelude (while replaying) or of the backlog (live) waits for the client.</summary>
    public void StartWaiting() => _state = ConnectionState.Writing;

    /// <summary>
    /// The write that waited returned, and the stream goes on as <paramref name="resume"/>. False when it ended
    /// meanwhile: then the run ends now.
    /// </summary>
    public bool WriteReturned(ConnectionState resume)
    {
        if (_state == ConnectionState.Ending)
        {
            _state = ConnectionState.Ended;
            _end.TrySetResult(_reason);
            return false;
        }

        _state = resume;
        return true;
    }

    /// <summary>
    /// Ends the stream for <paramref name="reason"/>; false when it had ended already. A write that waits for
    /// the client delays the end of the run until it returns (<see cref="WriteReturned"/>).
    /// </summary>
    public bool TryEnd(SseConnectionEnd reason)
    {
        if (HasEnded)
        {
            return false;
        }

        _reason = reason;
        if (_state == ConnectionState.Writing)
        {
            _state = ConnectionState.Ending;
            return true;
        }

        _state = ConnectionState.Ended;
        _end.TrySetResult(reason);
        return true;
    }
}
