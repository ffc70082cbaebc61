using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace SseOrleans.Abstractions;

/// <summary>
/// The namespace rules: a namespace is a <c>/</c>-separated path of non-empty, case-sensitive
/// segments. <c>/pets</c> contains <c>/pets/dogs</c> but not <c>/petsfoo</c> or <c>/Pets</c>.
/// </summary>
public static class NamespacePath
{
    public const string Root = "/";
    public const int MaxBytes = 1024;
    public const int MaxDepth = 32;

    /// <summary>
    /// Normalizes a decoded path (leading <c>/</c> optional, one trailing <c>/</c> ignored) or
    /// explains in one line why it is not a namespace.
    /// </summary>
    public static bool TryNormalize(string? raw, [NotNullWhen(true)] out string? path, [NotNullWhen(false)] out string? error)
    {
        path = null;
        var candidate = string.IsNullOrEmpty(raw) ? Root : raw[0] == '/' ? raw : "/" + raw;
        if (candidate.Length > 1 && candidate[^1] == '/' && candidate[^2] != '/')
        {
            candidate = candidate[..^1];
        }

        error = Check(candidate);
        if (error is not null)
        {
            return false;
        }

        path = candidate;
        return true;
    }

    /// <summary>Normalizes <paramref name="raw"/> or throws <see cref="ArgumentException"/> with the reason.</summary>
    public static string Normalize(string? raw) =>
        TryNormalize(raw, out var path, out var error) ? path : throw new ArgumentException(error, nameof(raw));

    /// <summary>True when <paramref name="path"/> is already in normal form (what grain keys must be).</summary>
    public static bool IsNormalized(string path) =>
        TryNormalize(path, out var normalized, out _) && string.Equals(normalized, path, StringComparison.Ordinal);

    /// <summary>The enclosing namespace, or <c>null</c> for the root.</summary>
    public static string? GetParent(string path)
    {
        if (path.Length <= 1)
        {
            return null;
        }

        var slash = path.LastIndexOf('/');
        return slash == 0 ? Root : path[..slash];
    }

    private static string? Check(string path)
    {
        if (path.Length == 1)
        {
            return null;
        }

        if (path.Length > MaxBytes || Encoding.UTF8.GetByteCount(path) > MaxBytes)
        {
            return $"namespace is longer than {MaxBytes} bytes";
        }

        var depth = 0;
        var start = 1;
        while (start <= path.Length)
        {
            var end = path.IndexOf('/', start);
            if (end < 0)
            {
                end = path.Length;
            }

            var segment = path.AsSpan(start, end - start);
            if (segment.IsEmpty)
            {
                return "namespace has an empty segment (//)";
            }

            if (segment is "." or "..")
            {
                return "namespace has a '.' or '..' segment";
            }

            foreach (var c in segment)
            {
                if (char.IsControl(c))
                {
                    return "namespace contains a control character";
                }
            }

            if (++depth > MaxDepth)
            {
                return $"namespace is deeper than {MaxDepth} segments";
            }

            start = end + 1;
        }

        return null;
    }
}
