using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using SseOrleans.Abstractions;

namespace SseOrleans.FrontEnd.Endpoints;

/// <summary>
/// The one rule that turns a request into a namespace, for subscribe, HEAD, publish and the admin filter:
/// the URL path after the route prefix, percent-decoded exactly once. Literal <c>.</c> and <c>..</c>
/// segments of the request target are resolved as RFC 3986 says (the server did so before routing, as
/// browsers and curl do before sending); a <c>.</c> or <c>..</c> segment that appears only after decoding
/// is refused. <c>%2F</c> decoded once is a separator: <c>/pets%2Fdogs</c> is <c>/pets/dogs</c>.
/// </summary>
internal static class NamespaceRoute
{
    public const string Template = "{**namespace}";

    private const string DotSegment = "namespace has a '.' or '..' segment";
    private const string Ambiguous = "the request path does not decode to one namespace";

    /// <summary>
    /// The namespace of a request routed to <see cref="Template"/>. The server has decoded the path except
    /// for <c>%2F</c> and resolved dot segments after decoding, so the route value cannot tell <c>%2F</c> from
    /// <c>%252F</c> nor show an encoded <c>..</c> it resolved: the namespace is read from the raw target.
    /// </summary>
    public static bool TryParse(HttpRequest request, string? routeValue, [NotNullWhen(true)] out string? path, [NotNullWhen(false)] out string? error)
    {
        var rawTarget = request.HttpContext.Features.Get<IHttpRequestFeature>()?.RawTarget;
        return TryParse(rawTarget, request.PathBase.Add(request.Path).Value, routeValue, out path, out error);
    }

    /// <summary>A namespace given as a query value, which ASP.NET Core has already decoded once.</summary>
    public static bool TryParseDecoded(string value, [NotNullWhen(true)] out string? path, [NotNullWhen(false)] out string? error) =>
        NamespacePath.TryNormalize(value, out path, out error);

    /// <param name="rawTarget">The request target as it arrived (path and query, undecoded).</param>
    /// <param name="serverPath">PathBase and Path as the server decoded them.</param>
    /// <param name="routeValue">The <c>{**namespace}</c> value: the last segments of <paramref name="serverPath"/>.</param>
    internal static bool TryParse(string? rawTarget, string? serverPath, string? routeValue, [NotNullWhen(true)] out string? path, [NotNullWhen(false)] out string? error)
    {
        var namespaceSegments = routeValue is null ? 0 : routeValue.AsSpan().Count('/') + 1;
        if (string.IsNullOrEmpty(rawTarget))
        {
            // A server that does not tell the raw target (an in-memory test server): what it decoded is all there is.
            return NamespacePath.TryNormalize("/" + routeValue?.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase), out path, out error);
        }

        path = null;
        var segments = RawPath(rawTarget).Split('/')[1..];
        foreach (var segment in segments)
        {
            if (!IsDot(segment) && IsDot(DecodeAsServer(segment)))
            {
                error = DotSegment;
                return false;
            }
        }

        var resolved = RemoveDotSegments(segments);
        if (namespaceSegments > resolved.Count || !SameAsServer(resolved, serverPath))
        {
            error = Ambiguous;
            return false;
        }

        var decoded = new string[namespaceSegments];
        for (var i = 0; i < decoded.Length; i++)
        {
            decoded[i] = Uri.UnescapeDataString(resolved[resolved.Count - namespaceSegments + i]);
        }

        return NamespacePath.TryNormalize("/" + string.Join('/', decoded), out path, out error);
    }

    // Origin form (/path?query) or absolute form (http://host/path?query).
    private static string RawPath(string rawTarget)
    {
        var start = 0;
        if (rawTarget[0] != '/')
        {
            var scheme = rawTarget.IndexOf("://", StringComparison.Ordinal);
            start = scheme < 0 ? -1 : rawTarget.IndexOf('/', scheme + 3);
            if (start < 0)
            {
                return "/";
            }
        }

        var end = rawTarget.IndexOfAny(['?', '#'], start);
        return rawTarget[start..(end < 0 ? rawTarget.Length : end)];
    }

    // RFC 3986 section 5.2.4 over segments: a dot segment at the end leaves a trailing slash.
    private static List<string> RemoveDotSegments(string[] segments)
    {
        var output = new List<string>(segments.Length);
        for (var i = 0; i < segments.Length; i++)
        {
            var segment = segments[i];
            var last = i == segments.Length - 1;
            if (segment == "..")
            {
                if (output.Count > 0)
                {
                    output.RemoveAt(output.Count - 1);
                }
            }
            else if (segment != ".")
            {
                output.Add(segment);
                continue;
            }

            if (last)
            {
                output.Add(string.Empty);
            }
        }

        return output;
    }

    // What routing saw must be what the raw target says, segment for segment; otherwise the server
    // resolved something the raw target does not show, and no namespace is a safe guess.
    private static bool SameAsServer(List<string> resolved, string? serverPath)
    {
        var server = serverPath ?? string.Empty;
        var position = 0;
        foreach (var segment in resolved)
        {
            var decoded = DecodeAsServer(segment);
            if (position >= server.Length || server[position] != '/'
                || string.CompareOrdinal(server, position + 1, decoded, 0, decoded.Length) != 0)
            {
                return false;
            }

            position += decoded.Length + 1;
        }

        return position == server.Length || (resolved.Count == 0 && server == "/");
    }

    // Kestrel decodes every escape in the path except %2F, which stays as it came.
    private static string DecodeAsServer(string segment)
    {
        if (!segment.Contains('%', StringComparison.Ordinal))
        {
            return segment;
        }

        var slash = segment.IndexOf("%2F", StringComparison.OrdinalIgnoreCase);
        if (slash < 0)
        {
            return Uri.UnescapeDataString(segment);
        }

        return string.Concat(Uri.UnescapeDataString(segment[..slash]), segment.AsSpan(slash, 3), DecodeAsServer(segment[(slash + 3)..]));
    }

    private static bool IsDot(string segment) => segment is "." or "..";
}
