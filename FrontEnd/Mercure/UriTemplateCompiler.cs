using System.Text;

namespace SseOrleans.FrontEnd.Mercure;

/// <summary>
/// Parses an RFC 6570 template (section 2: literals, expressions with an operator and variable specs with
/// an optional <c>:length</c> or <c>*</c>) into <see cref="TemplateStep"/>s for <see cref="UriTemplateMatcher"/>;
/// null when the text is not a template (an unclosed brace, a reserved operator, a character a literal may
/// not hold). What each expression matches is described on <see cref="UriTemplateMatcher"/>.
/// </summary>
internal sealed class UriTemplateCompiler
{
    // RFC 3986 unreserved: ALPHA DIGIT - . _ ~
    private static readonly (ulong Low, ulong High) Unreserved = Chars("-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    // RFC 3986 reserved: gen-delims and sub-delims.
    private static readonly (ulong Low, ulong High) Reserved = Chars(":/?#[]@!$&'()*+,;=");

    private readonly List<TemplateStep> _steps = [];

    private UriTemplateCompiler()
    {
    }

    public static TemplateStep[]? Compile(string template)
    {
        var compiler = new UriTemplateCompiler();
        return compiler.CompileTemplate(template) ? [.. compiler._steps] : null;
    }

    private bool CompileTemplate(string template)
    {
        var i = 0;
        while (i < template.Length)
        {
            var c = template[i];
            if (c == '{')
            {
                var close = template.IndexOf('}', i + 1);
                if (close < 0 || !CompileExpression(template.AsSpan(i + 1, close - i - 1)))
                {
                    return false;
                }

                i = close + 1;
            }
            else if (c == '%')
            {
                if (i + 2 >= template.Length || !char.IsAsciiHexDigit(template[i + 1]) || !char.IsAsciiHexDigit(template[i + 2]))
                {
                    return false;
                }

                EmitLiteral(template.AsSpan(i, 3));
                i += 3;
            }
            else if (Rune.TryGetRuneAt(template, i, out var rune) && IsLiteral(rune.Value))
            {
                EmitLiteral(template.AsSpan(i, rune.Utf16SequenceLength));
                i += rune.Utf16SequenceLength;
            }
            else
            {
                return false;
            }
        }

        Emit(new TemplateStep(TemplateStepKind.Match, -1));
        return true;
    }

    // {op varspec,varspec...}: the operator decides the prefix, the separator, whether names are written and
    // which characters a value may hold (RFC 6570, appendix A).
    private bool CompileExpression(ReadOnlySpan<char> expression)
    {
        if (expression.IsEmpty)
        {
            return false;
        }

        var op = expression[0];
        if (op is '=' or ',' or '!' or '@' or '|')
        {
            return false;
        }

        var hasOperator = op is '+' or '#' or '.' or '/' or ';' or '?' or '&';
        if (!TryParseVariables(hasOperator ? expression[1..] : expression, out var variables, out var explodes, out var firstExplodes))
        {
            return false;
        }

        var first = op switch { '#' or '.' or '/' or ';' or '?' or '&' => op, _ => '\0' };
        var separator = op switch { '.' => '.', '/' => '/', ';' => ';', '?' or '&' => '&', _ => ',' };
        var named = op is ';' or '?' or '&';
        var allowsReserved = op is '+' or '#';

        // (first value (separator value){0,variables-1} or {0,} when one explodes)?, all of it optional.
        var split = Emit(new TemplateStep(TemplateStepKind.Split, -1));
        var leaves = new List<int> { split };
        if (first != '\0')
        {
            EmitChar(first);
        }

        EmitValue(ValueChars(allowsReserved, named || firstExplodes));
        var more = ValueChars(allowsReserved, named || explodes);
        if (explodes)
        {
            var loop = Emit(new TemplateStep(TemplateStepKind.Split, -1));
            leaves.Add(loop);
            EmitChar(separator);
            EmitValue(more);
            Emit(new TemplateStep(TemplateStepKind.Split, loop, loop));
        }
        else
        {
            for (var v = 1; v < variables; v++)
            {
                leaves.Add(Emit(new TemplateStep(TemplateStepKind.Split, -1)));
                EmitChar(separator);
                EmitValue(more);
            }
        }

        var end = _steps.Count;
        foreach (var leave in leaves)
        {
            _steps[leave] = _steps[leave] with { Next = leave + 1, Alternative = end };
        }

        return true;
    }

    // varspec *( "," varspec ); varspec = varname [ ":" max-length / "*" ]; varname = varchar *( ["."] varchar ).
    private static bool TryParseVariables(ReadOnlySpan<char> list, out int count, out bool explodes, out bool firstExplodes)
    {
        count = 0;
        explodes = false;
        firstExplodes = false;
        foreach (var range in list.Split(','))
        {
            var spec = list[range];
            var explode = spec.EndsWith('*');
            var name = explode ? spec[..^1] : spec;
            var colon = name.IndexOf(':');
            if (colon >= 0)
            {
                if (explode || !IsMaxLength(name[(colon + 1)..]))
                {
                    return false;
                }

                name = name[..colon];
            }

            if (!IsVariableName(name))
            {
                return false;
            }

            firstExplodes |= count == 0 && explode;
            explodes |= explode;
            count++;
        }

        return count > 0;
    }

    private static bool IsMaxLength(ReadOnlySpan<char> digits) =>
        digits.Length is >= 1 and <= 4 && digits[0] is >= '1' and <= '9' && !digits.ContainsAnyExceptInRange('0', '9');

    private static bool IsVariableName(ReadOnlySpan<char> name)
    {
        if (name.IsEmpty || name[0] == '.' || name[^1] == '.')
        {
            return false;
        }

        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (c == '%')
            {
                if (i + 2 >= name.Length || !char.IsAsciiHexDigit(name[i + 1]) || !char.IsAsciiHexDigit(name[i + 2]))
                {
                    return false;
                }

                i += 2;
            }
            else if (c == '.' ? name[i - 1] == '.' : !(char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                return false;
            }
        }

        return true;
    }

    // The literals of RFC 6570 section 2.1 (with erratum 6937, which allows "'"): printable ASCII but
    // space " % < > \ ^ ` { | }, and the non-ASCII of IRIs (ucschar, iprivate). A '%' starts an escape.
    private static bool IsLiteral(int c) => c switch
    {
        0x21 or 0x23 or 0x24 or (>= 0x26 and <= 0x3B) or 0x3D or (>= 0x3F and <= 0x5B) or 0x5D or 0x5F
            or (>= 0x61 and <= 0x7A) or 0x7E => true,
        < 0xA0 => false,
        (>= 0xD800 and <= 0xDFFF) or (>= 0xFDD0 and <= 0xFDEF) or (>= 0xFFF0 and <= 0xFFFF) or (>= 0xE0000 and <= 0xE0FFF) => false,
        _ => (c & 0xFFFE) != 0xFFFE,
    };

    private static (ulong Low, ulong High) ValueChars(bool allowsReserved, bool allowsEquals)
    {
        var (low, high) = Unreserved;
        if (allowsReserved)
        {
            return (low | Reserved.Low, high | Reserved.High);
        }

        low |= 1UL << ',';
        if (allowsEquals)
        {
            low |= 1UL << '=';
        }

        return (low, high);
    }

    // A run of value characters and %XX escapes, possibly empty: loop, try a character or an escape, or leave.
    private void EmitValue((ulong Low, ulong High) chars)
    {
        var loop = _steps.Count;
        Emit(new TemplateStep(TemplateStepKind.Split, loop + 1, loop + 6));
        Emit(new TemplateStep(TemplateStepKind.Split, loop + 2, loop + 3));
        Emit(new TemplateStep(TemplateStepKind.Set, loop, Low: chars.Low, High: chars.High));
        EmitChar('%');
        Emit(new TemplateStep(TemplateStepKind.Hex, loop + 5));
        Emit(new TemplateStep(TemplateStepKind.Hex, loop));
    }

    private void EmitLiteral(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            EmitChar(c);
        }
    }

    private void EmitChar(char c) => Emit(new TemplateStep(TemplateStepKind.Char, _steps.Count + 1, Char: c));

    private int Emit(TemplateStep step)
    {
        _steps.Add(step);
        return _steps.Count - 1;
    }

    private static (ulong Low, ulong High) Chars(string chars)
    {
        ulong low = 0, high = 0;
        foreach (var c in chars)
        {
            if (c < 64)
            {
                low |= 1UL << c;
            }
            else
            {
                high |= 1UL << (c - 64);
            }
        }

        return (low, high);
    }
}
