using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace SseOrleans.FrontEnd.Mercure;

/// <summary>
/// Decodes one name or value of an <c>application/x-www-form-urlencoded</c> body: <c>+</c> is a space,
/// <c>%XX</c> a byte, and the bytes must be UTF-8. Own code because ASP.NET Core's decoding
/// (<c>Uri.UnescapeDataString</c> behind its form and query readers) keeps a malformed escape, or an
/// escape of bytes that are not UTF-8, as literal text: a publish with one is refused here instead of
/// delivering text its publisher did not send.
/// </summary>
internal static class FormText
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static bool TryDecode(ReadOnlySpan<char> encoded, [NotNullWhen(true)] out string? text, [NotNullWhen(false)] out string? error)
    {
        error = null;
        if (encoded.IndexOfAny('%', '+') < 0)
        {
            text = encoded.ToString();
            return true;
        }

        text = null;
        var bytes = new byte[Encoding.UTF8.GetMaxByteCount(encoded.Length)];
        var length = 0;
        while (!encoded.IsEmpty)
        {
            switch (encoded[0])
            {
                case '+':
                    bytes[length++] = (byte)' ';
                    encoded = encoded[1..];
                    break;
                case '%':
                    if (encoded.Length < 3 || !byte.TryParse(encoded.Slice(1, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value))
                    {
                        error = "a '%' is not followed by two hex digits";
                        return false;
                    }

                    bytes[length++] = value;
                    encoded = encoded[3..];
                    break;
                default:
                    var end = encoded.IndexOfAny('%', '+');
                    var run = end < 0 ? encoded : encoded[..end];
                    length += Encoding.UTF8.GetBytes(run, bytes.AsSpan(length));
                    encoded = encoded[run.Length..];
                    break;
            }
        }

        try
        {
            text = StrictUtf8.GetString(bytes, 0, length);
            return true;
        }
        catch (DecoderFallbackException)
        {
            error = "its percent-encoded bytes are not UTF-8";
            return false;
        }
    }
}
