using System.Text;

namespace SseOrleans.Api.Tests.Infrastructure;

/// <summary>Reads a response body as text, for what an SSE parser hides (comments, <c>retry:</c>).</summary>
internal static class RawStream
{
    public static async Task<string> ReadUntilAsync(Stream body, string expected)
    {
        using var timeout = new CancellationTokenSource(SseClient.Timeout);
        var text = new StringBuilder();
        var buffer = new byte[4096];
        while (!text.ToString().Contains(expected, StringComparison.Ordinal))
        {
            var read = await body.ReadAsync(buffer, timeout.Token);
            if (read == 0)
            {
                break;
            }

            text.Append(Encoding.UTF8.GetString(buffer, 0, read));
        }

        return text.ToString();
    }
}
