using System.Diagnostics.CodeAnalysis;
using SseOrleans.Abstractions;

namespace SseOrleans.FrontEnd.Authorization;

/// <summary>
/// The one rule of the authorization model: a grant is a subtree. A subscription to a namespace delivers
/// everything under it, so a grant for <c>/users/42</c> allows <c>/users/42</c> and <c>/users/42/...</c>,
/// never <c>/users</c>, <c>/</c> or <c>/users/420</c>; <c>*</c> (or <c>/</c>) allows every namespace.
/// Segment-wise and case-sensitive, like <see cref="NamespacePath"/>.
/// </summary>
public static class NamespaceGrant
{
    /// <summary>The grant of every namespace.</summary>
    public const string Everything = "*";

    /// <summary>
    /// True when <paramref name="grant"/> (a normalized namespace, or <c>*</c>) allows the normalized
    /// namespace <paramref name="path"/>: the same namespace or one under it, by whole segments.
    /// </summary>
    public static bool Covers(string grant, string path)
    {
        ArgumentNullException.ThrowIfNull(grant);
        ArgumentNullException.ThrowIfNull(path);
        if (grant is Everything or NamespacePath.Root)
        {
            return true;
        }

        return path.StartsWith(grant, StringComparison.Ordinal)
            && (path.Length == grant.Length || path[grant.Length] == '/');
    }

    /// <summary>
    /// A selector (from a token or from the configuration) as a grant: <c>*</c>, or a namespace path that
    /// starts with <c>/</c>, normalized (<c>/users/42/</c> is <c>/users/42</c>). Anything else grants
    /// nothing: a URL (its host has no counterpart here, and the same path under two hosts would be one
    /// grant), a URI template or URL pattern (<c>{id}</c>, <c>:id</c> are not expanded), a relative name.
    /// </summary>
    public static bool TryParse(string? selector, [NotNullWhen(true)] out string? grant)
    {
        grant = null;
        if (selector == Everything)
        {
            grant = Everything;
            return true;
        }

        if (string.IsNullOrEmpty(selector) || selector[0] != '/' || selector.AsSpan().IndexOfAny('{', '}') >= 0)
        {
            return false;
        }

        if (!NamespacePath.TryNormalize(selector, out var path, out _))
        {
            return false;
        }

        grant = path;
        return true;
    }
}
