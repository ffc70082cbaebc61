using System.Text;

namespace SseOrleans.Abstractions;

/// <summary>What makes an event publishable, the same for HTTP and grain-client publishers.</summary>
public static class SseEventRules
{
    public const int MaxNameBytes = 256;

    /// <summary>The default for <c>Sse:MaxMessageBytes</c>: the largest event data, in UTF-8 bytes.</summary>
    public const int DefaultMaxDataBytes = 64 * 1024;

    /// <summary>Null when <paramref name="name"/> can be an SSE event name, else the one-line reason.</summary>
    public static string? CheckName(string? name)
    {
        if (name is null)
        {
            return null;
        }

        if (name.AsSpan().IndexOfAny('\r', '\n', '\0') >= 0)
        {
            return "event name must not contain CR, LF or NUL";
        }

        return Encoding.UTF8.GetByteCount(name) > MaxNameBytes
            ? $"event name is longer than {MaxNameBytes} bytes"
            : null;
    }

    /// <summary>Null when the data fits in <paramref name="maxDataBytes"/>, else the one-line reason.</summary>
    public static string? CheckData(string data, int maxDataBytes) =>
        Encoding.UTF8.GetByteCount(data) > maxDataBytes
            ? $"event data is larger than {maxDataBytes} bytes"
            : null;

    /// <summary>Throws <see cref="ArgumentException"/> when the event cannot be published.</summary>
    public static void Validate(SseEvent sseEvent, int maxDataBytes)
    {
        ArgumentNullException.ThrowIfNull(sseEvent);
        ArgumentNullException.ThrowIfNull(sseEvent.Data, nameof(sseEvent));
        var error = CheckName(sseEvent.Name) ?? CheckData(sseEvent.Data, maxDataBytes);
        if (error is not null)
        {
            throw new ArgumentException(error, nameof(sseEvent));
        }
    }
}
