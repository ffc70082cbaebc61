namespace SseOrleans.FrontEnd.Mercure;

internal enum TopicSelectorKind
{
    /// <summary><c>*</c>: every topic.</summary>
    Everything,

    /// <summary>The topic that is this very string.</summary>
    Exact,

    /// <summary>A URI template: the topics it matches, and the string itself.</summary>
    Template,
}
