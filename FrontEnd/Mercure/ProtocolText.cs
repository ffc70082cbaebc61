using System.Buffers;
using System.Globalization;
using System.Text;

namespace SseOrleans.FrontEnd.Mercure;

/// <summary>
/// What a topic, a selector, an id or an event type may contain: any Unicode text but control characters
/// (C0, DEL, C1) and invisible format characters (category Cf: bidirectional and zero-width controls), the
/// rule of Mercure 1.0. A CR or LF in an id or type would inject SSE fields; an invisible character makes
/// two topics that look alike differ.
/// </summary>
internal static class ProtocolText
{
    /// <summary>True when <paramref name="text"/> is well-formed UTF-16 with no control or format character.</summary>
    public static bool IsClean(ReadOnlySpan<char> text)
    {
        while (!text.IsEmpty)
        {
            if (Rune.DecodeFromUtf16(text, out var rune, out var consumed) != OperationStatus.Done)
            {
                return false;
            }

            if (Rune.GetUnicodeCategory(rune) is UnicodeCategory.Control or UnicodeCategory.Format)
            {
                return false;
            }

            text = text[consumed..];
        }

        return true;
    }
}
