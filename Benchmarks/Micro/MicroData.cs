using SseOrleans.Abstractions;

namespace SseOrleans.Benchmarks.Micro;

/// <summary>Inputs shaped like the load tool's: 64-byte payloads, ids of one epoch, a named event.</summary>
internal static class MicroData
{
    public const long Epoch = 1795468083375;

    public static string Payload(int bytes) => new('x', bytes);

    /// <summary><paramref name="bytes"/> characters split into <paramref name="lines"/> lines by <c>\n</c>.</summary>
    public static string MultiLinePayload(int bytes, int lines)
    {
        var text = new char[bytes];
        Array.Fill(text, 'x');
        var step = bytes / lines;
        for (var i = step; i < bytes; i += step)
        {
            text[i] = '\n';
        }

        return new string(text);
    }

    public static NamespaceEvent[] Events(int count, string data)
    {
        var events = new NamespaceEvent[count];
        for (var i = 0; i < count; i++)
        {
            events[i] = new NamespaceEvent(new SseEventId(Epoch, 1000 + i), "tick", data, "/bench");
        }

        return events;
    }
}
