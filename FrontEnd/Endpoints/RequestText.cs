using System.Buffers;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace SseOrleans.FrontEnd.Endpoints;

/// <summary>Reads a request body as strict UTF-8 text of bounded size.</summary>
internal static class RequestText
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// The body as text, or the error to answer with (413 too large, 400 not UTF-8, or the server's own
    /// status when it cannot read the body, e.g. 400 for broken chunked framing).
    /// </summary>
    public static async Task<(string? Text, IResult? Error)> ReadAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
        {
            return (null, TooLarge(maxBytes));
        }

        try
        {
            return await ReadBodyAsync(request, maxBytes, cancellationToken);
        }
        catch (BadHttpRequestException exception)
        {
            return (null, Unreadable(exception.StatusCode, exception));
        }
        catch (IOException exception)
        {
            // Kestrel reports a chunk size that overflows as an IOException, not a BadHttpRequestException.
            // Any other IOException here is a connection that broke mid-body: nobody reads the answer.
            return (null, Unreadable(StatusCodes.Status400BadRequest, exception));
        }
    }

    private static async Task<(string? Text, IResult? Error)> ReadBodyAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
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

    // The server's messages are about the framing ("Bad chunk size data."), never the data.
    private static ContentHttpResult Unreadable(int statusCode, Exception exception) =>
        PlainTextError.Of(statusCode, "the body could not be read: " + exception.Message.Split('\n')[0].TrimEnd('\r'));

    private static ContentHttpResult TooLarge(int maxBytes) =>
        PlainTextError.Of(StatusCodes.Status413PayloadTooLarge, $"the body is larger than Sse:MaxMessageBytes ({maxBytes} bytes)");
}
