using System.Text;

namespace SseOrleans.TestSupport;

/// <summary>Reads a response body as text, for what an SSE parser hides (comments, <c>retry:</c>).</summary>
public static class StreamText
{
    /// <summary>
    /// The text read until it contains <paramref name="expected"/> or the stream ends, within
    /// <paramref name="timeout"/> (<see cref="SseClient.Timeout"/> unless given).
    /// </summary>
    public static async Task<string> ReadUntilAsync(Stream body, string expected, TimeSpan? within = null)
    {
        using var timeout = new CancellationTokenSource(within ?? SseClient.Timeout);
        var text = new StringBuilder();
        var buffer = new byte[4096];
        var decoder = Encoding.UTF8.GetDecoder();
        var chars = new char[Encoding.UTF8.GetMaxCharCount(buffer.Length)];
        while (!text.ToString().Contains(expected, StringComparison.Ordinal))
        {
            var read = await body.ReadAsync(buffer, timeout.Token);
            if (read == 0)
            {
                break;
            }

            text.Append(chars, 0, decoder.GetChars(buffer, 0, read, chars, 0));
        }

        return text.ToString();
    }
}
