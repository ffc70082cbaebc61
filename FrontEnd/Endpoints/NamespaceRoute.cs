using System.Diagnostics.CodeAnalysis;
using SseOrleans.Abstractions;

namespace SseOrleans.FrontEnd.Endpoints;

/// <summary>Turns the <c>{**namespace}</c> route value into a namespace.</summary>
internal static class NamespaceRoute
{
    public const string Template = "{**namespace}";

    /// <summary>
    /// The server has percent-decoded the path except for <c>%2F</c>, which it leaves encoded; decoding
    /// that too makes <c>/pets%2Fdogs</c> the same namespace as <c>/pets/dogs</c>.
    /// </summary>
    public static bool TryParse(string? routeValue, [NotNullWhen(true)] out string? path, [NotNullWhen(false)] out string? error)
    {
        var decoded = routeValue?.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase);
        return NamespacePath.TryNormalize("/" + decoded, out path, out error);
    }
}
