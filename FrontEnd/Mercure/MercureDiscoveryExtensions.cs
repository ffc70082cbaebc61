using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace SseOrleans.FrontEnd.Mercure;

/// <summary>
/// Mercure discovery for a host app's own resources: <c>Link: &lt;hub&gt;; rel="mercure"</c> tells a Mercure
/// client (<c>@api-platform/mercure</c>, Symfony UX Turbo, ...) which hub serves updates of the resource, and
/// <c>Link: &lt;topic&gt;; rel="self"</c> which topic to subscribe to (without it, clients use the resource's
/// URL). Per request, in a handler: <c>context.Response.AddMercureLink(...)</c>; for every response of an
/// endpoint or group: <c>.WithMercureLink()</c>.
/// </summary>
public static class MercureDiscoveryExtensions
{
    /// <summary>The hub's path on every front-end (RFC 8615 well-known URI).</summary>
    public const string HubPath = "/.well-known/mercure";

    /// <summary>
    /// Adds <c>Link: &lt;<paramref name="hub"/>&gt;; rel="mercure"</c> to the response, with the
    /// <c>last-event-id</c> attribute when <paramref name="lastEventId"/> is given (the id of the newest update
    /// the resource reflects: a client passes it as <c>lastEventID</c> and misses nothing published between
    /// the response and its subscription), and <c>Link: &lt;<paramref name="self"/>&gt;; rel="self"</c> when
    /// <paramref name="self"/> is given.
    /// </summary>
    /// <param name="response">The response of the resource.</param>
    /// <param name="hub">The hub's URL, absolute or relative to the resource (e.g. <see cref="HubPath"/>).</param>
    /// <param name="self">The topic to subscribe to for this resource, when it is not the resource's URL.</param>
    /// <param name="lastEventId">The id of the newest update this representation includes.</param>
    /// <exception cref="ArgumentException">A URL that a <c>Link</c> header cannot carry (empty, or with a space, a control character, <c>&lt;</c>, <c>&gt;</c> or <c>"</c>), or an id with a control character.</exception>
    public static HttpResponse AddMercureLink(this HttpResponse response, string hub, string? self = null, string? lastEventId = null)
    {
        ArgumentNullException.ThrowIfNull(response);
        var link = HubLink(hub, lastEventId);
        var selfLink = self is null ? null : Link(self, "self", nameof(self));
        response.Headers.Append(HeaderNames.Link, link);
        if (selfLink is not null)
        {
            response.Headers.Append(HeaderNames.Link, selfLink);
        }

        return response;
    }

    /// <summary>
    /// Adds <c>Link: &lt;<paramref name="hub"/>&gt;; rel="mercure"</c> to every response of the endpoints the
    /// builder configures (a minimal API endpoint or a route group).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="hub"/> is a URL a <c>Link</c> header cannot carry.</exception>
    public static TBuilder WithMercureLink<TBuilder>(this TBuilder builder, string hub = HubPath)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        var link = HubLink(hub, lastEventId: null);
        return builder.AddEndpointFilter((context, next) =>
        {
            context.HttpContext.Response.Headers.Append(HeaderNames.Link, link);
            return next(context);
        });
    }

    private static string HubLink(string hub, string? lastEventId)
    {
        var link = Link(hub, "mercure", nameof(hub));
        if (lastEventId is null)
        {
            return link;
        }

        if (lastEventId.Any(char.IsControl))
        {
            throw new ArgumentException("a last event id must not contain a control character", nameof(lastEventId));
        }

        return $"{link}; last-event-id=\"{QuotedStringContent(lastEventId)}\"";
    }

    // RFC 8288: <URI-Reference>; rel="...". A URI reference has no space, control character, '<', '>' or '"'.
    private static string Link(string url, string relation, string parameterName)
    {
        ArgumentException.ThrowIfNullOrEmpty(url, parameterName);
        if (url.Any(c => char.IsControl(c) || c is ' ' or '<' or '>' or '"'))
        {
            throw new ArgumentException($"'{url}' cannot be the target of a Link header: percent-encode its spaces and its <, > and \" characters", parameterName);
        }

        return $"<{url}>; rel=\"{relation}\"";
    }

    private static string QuotedStringContent(string value)
    {
        if (value.AsSpan().IndexOfAny('"', '\\') < 0)
        {
            return value;
        }

        var quoted = new StringBuilder(value.Length + 4);
        foreach (var c in value)
        {
            if (c is '"' or '\\')
            {
                quoted.Append('\\');
            }

            quoted.Append(c);
        }

        return quoted.ToString();
    }
}
