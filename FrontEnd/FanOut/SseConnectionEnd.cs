namespace SseOrleans.FrontEnd.FanOut;

internal enum SseConnectionEnd
{
    /// <summary>The client went away.</summary>
    ClientLeft,

    /// <summary>The server ended the stream cleanly (shutdown, stream lost); the client reconnects.</summary>
    Closed,

    /// <summary>The client fell more than its buffer behind and is cut off.</summary>
    TooSlow,
}
