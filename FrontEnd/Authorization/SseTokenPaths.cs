using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;

namespace SseOrleans.FrontEnd.Authorization;

/// <summary>
/// The request paths of the endpoints marked with <see cref="SseTokenEndpointMetadata"/> (their routes'
/// literal prefixes, e.g. <c>/events/subscribe</c>), read once from the app's endpoints when the first
/// request arrives. A path matches when it holds a prefix as whole segments, anywhere (so also behind a
/// path base), ignoring case as routing does.
/// </summary>
internal sealed class SseTokenPaths(IServiceProvider services)
{
    private string[]? _prefixes;

    public bool Matches(string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return false;
        }

        var prefixes = Volatile.Read(ref _prefixes) ?? Load();
        foreach (var prefix in prefixes)
        {
            for (var at = path.IndexOf(prefix, StringComparison.OrdinalIgnoreCase); at >= 0;
                at = path.IndexOf(prefix, at + 1, StringComparison.OrdinalIgnoreCase))
            {
                var end = at + prefix.Length;
                if (end == path.Length || path[end] == '/')
                {
                    return true;
                }
            }
        }

        return false;
    }

    private string[] Load()
    {
        var prefixes = new List<string>();
        foreach (var endpoint in services.GetService<EndpointDataSource>()?.Endpoints ?? [])
        {
            if (endpoint is RouteEndpoint route && endpoint.Metadata.GetMetadata<SseTokenEndpointMetadata>() is not null
                && LiteralPrefix(route.RoutePattern) is { } prefix && !prefixes.Contains(prefix, StringComparer.OrdinalIgnoreCase))
            {
                prefixes.Add(prefix);
            }
        }

        var loaded = prefixes.ToArray();
        Volatile.Write(ref _prefixes, loaded);
        return loaded;
    }

    private static string? LiteralPrefix(RoutePattern pattern)
    {
        var literal = new List<string>();
        foreach (var segment in pattern.PathSegments)
        {
            if (segment.Parts is not [RoutePatternLiteralPart part])
            {
                break;
            }

            literal.Add(part.Content);
        }

        return literal.Count == 0 ? null : "/" + string.Join('/', literal);
    }
}
