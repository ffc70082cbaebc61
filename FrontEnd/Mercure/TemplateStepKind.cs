namespace SseOrleans.FrontEnd.Mercure;

internal enum TemplateStepKind
{
    Char,
    Set,
    Hex,
    Split,
    Match,
}
