using System.Diagnostics.CodeAnalysis;

namespace SseOrleans.FrontEnd.Mercure;

/// <summary>
/// The topics of subscription events and the paths of the subscriptions API:
/// <c>/.well-known/mercure/subscriptions/{topic}/{subscriber}</c>, where <c>{topic}</c> is the selector of
/// the subscription and <c>{subscriber}</c> the subscriber's id, each expanded as an RFC 6570 simple string
/// (every character but the unreserved ones percent-encoded, so each is one path segment). That expansion is
/// RFC 3986's, which <see cref="Uri.EscapeDataString(string)"/> is; Mercure 0.24 writes a space as <c>+</c>
/// instead of <c>%20</c>, so a <c>+</c> in a path read here is a space too (a <c>+</c> of the text itself
/// is always <c>%2B</c>).
/// </summary>
internal static class SubscriptionTopics
{
    public const string Prefix = "/.well-known/mercure/subscriptions";

    /// <summary>The topic of the events about one subscription, and that subscription's id.</summary>
    public static string For(string selector, string subscriber) => ForSelector(selector) + "/" + Uri.EscapeDataString(subscriber);

    /// <summary>The collection of every subscription with <paramref name="selector"/>.</summary>
    public static string ForSelector(string selector) => Prefix + "/" + Uri.EscapeDataString(selector);

    /// <summary>
    /// What a subscriptions API path asks for, from the path as it was sent (still percent-encoded, so that an
    /// encoded <c>/</c> stays inside its segment): <see cref="Prefix"/> alone is every subscription,
    /// <c>/{topic}</c> those of one selector, <c>/{topic}/{subscriber}</c> one. False for anything else.
    /// </summary>
    public static bool TryParsePath(string rawPath, out string? selector, out string? subscriber)
    {
        ArgumentNullException.ThrowIfNull(rawPath);
        selector = null;
        subscriber = null;
        if (!rawPath.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var rest = rawPath.AsSpan(Prefix.Length);
        if (rest.IsEmpty)
        {
            return true;
        }

        if (rest[0] != '/')
        {
            return false;
        }

        rest = rest[1..];
        var slash = rest.IndexOf('/');
        if (!TryDecode(slash < 0 ? rest : rest[..slash], out selector))
        {
            return false;
        }

        if (slash >= 0 && !TryDecode(rest[(slash + 1)..], out subscriber))
        {
            selector = null;
            return false;
        }

        return true;
    }

    private static bool TryDecode(ReadOnlySpan<char> segment, [NotNullWhen(true)] out string? text)
    {
        text = null;
        if (segment.IsEmpty || segment.Contains('/'))
        {
            return false;
        }

        text = Uri.UnescapeDataString(segment.ToString().Replace('+', ' '));
        return true;
    }
}
