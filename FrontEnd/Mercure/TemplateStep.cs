namespace SseOrleans.FrontEnd.Mercure;

/// <summary>
/// One instruction of a compiled URI template (<see cref="UriTemplateMatcher"/>): consume one character
/// (<see cref="TemplateStepKind.Char"/> exactly <see cref="Char"/>, <see cref="TemplateStepKind.Set"/> one of
/// the ASCII characters in <see cref="Low"/>/<see cref="High"/>, <see cref="TemplateStepKind.Hex"/> a hex
/// digit) and go to <see cref="Next"/>, or go to <see cref="Next"/> and <see cref="Alternative"/> without
/// consuming (<see cref="TemplateStepKind.Split"/>), or accept (<see cref="TemplateStepKind.Match"/>).
/// </summary>
internal readonly record struct TemplateStep(TemplateStepKind Kind, int Next, int Alternative = -1, char Char = '\0', ulong Low = 0, ulong High = 0)
{
    public bool Consumes(char c) => Kind switch
    {
        TemplateStepKind.Char => c == Char,
        TemplateStepKind.Set => c < 64 ? (Low & (1UL << c)) != 0 : c < 128 && (High & (1UL << (c - 64))) != 0,
        TemplateStepKind.Hex => char.IsAsciiHexDigit(c),
        _ => false,
    };
}
