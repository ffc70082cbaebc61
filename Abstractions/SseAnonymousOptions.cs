namespace SseOrleans.Abstractions;

/// <summary><c>Sse:Anonymous</c>: what a caller without a grant may do.</summary>
public sealed class SseAnonymousOptions
{
    /// <summary>
    /// The public subtrees: anyone may subscribe to these namespaces and everything under them (<c>/</c> or
    /// <c>*</c>: every namespace, the default when none is given). An empty entry alone makes nothing public.
    /// Empty by default because the configuration binder appends to an array it finds: a default of
    /// <c>/</c> would silently stay in every configured list.
    /// </summary>
    public string[] Subscribe { get; set; } = [];
}
