using System.Buffers;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace SseOrleans.FrontEnd.Endpoints;

/// <summary>Reads a request body as strict UTF-8 text of bounded size.</summary>
internal static class RequestText
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The body as text, or the error to answer with (413 too large, 400 not UTF-8).</summary>
    public static async Task<(string? Text, IResult? Error)> ReadAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
        {
            return (null, TooLarge(maxBytes));
        }

        var reader = request.BodyReader;
        while (true)
        {
            var read = await reader.ReadAsync(cancellationToken);
            var buffer = read.Buffer;
            if (buffer.Length > maxBytes)
            {
                reader.AdvanceTo(buffer.End);
                return (null, TooLarge(maxBytes));
            }

            if (read.IsCompleted)
            {
                try
                {
                    return (Decode(buffer), null);
                }
                catch (DecoderFallbackException)
                {
                    return (null, PlainTextError.Of(StatusCodes.Status400BadRequest, "the body is not valid UTF-8"));
                }
                finally
                {
                    reader.AdvanceTo(buffer.End);
                }
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private static string Decode(ReadOnlySequence<byte> buffer)
    {
        var text = StrictUtf8.GetString(buffer);
        return text.StartsWith('\uFEFF') ? text[1..] : text;
    }

    private static ContentHttpResult TooLarge(int maxBytes) =>
        PlainTextError.Of(StatusCodes.Status413PayloadTooLarge, $"the body is larger than Sse:MaxMessageBytes ({maxBytes} bytes)");
}
