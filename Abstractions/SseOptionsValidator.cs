using System.Text;
using Microsoft.Extensions.Options;

namespace SseOrleans.Abstractions;

/// <summary>The rules of <see cref="SseOptions"/> that involve more than one field, checked at start.</summary>
public sealed class SseOptionsValidator : IValidateOptions<SseOptions>
{
    /// <summary>The shortest publish or admin key accepted: a shorter one is guessable.</summary>
    public const int MinKeyLength = 16;

    public ValidateOptionsResult Validate(string? name, SseOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();

        // Leases are renewed at a third of their length, on the report timer: a slower timer would let
        // a live front-end's counts expire between two reports.
        if (options.SubscriberReportInterval > options.SubscriberLease / 3)
        {
            failures.Add($"Sse:SubscriberReportInterval ({options.SubscriberReportInterval}) must be at most a third of Sse:SubscriberLease ({options.SubscriberLease}).");
        }

        if (options.FlushInterval >= options.KeepAliveInterval)
        {
            failures.Add($"Sse:FlushInterval ({options.FlushInterval}) must be shorter than Sse:KeepAliveInterval ({options.KeepAliveInterval}).");
        }

        if (options.ConnectionBufferSize < options.MaxMessageBytes)
        {
            failures.Add($"Sse:ConnectionBufferSize ({options.ConnectionBufferSize}) must hold at least one event of Sse:MaxMessageBytes ({options.MaxMessageBytes}).");
        }

        if (options.HistoryMaxBytes < options.MaxMessageBytes)
        {
            failures.Add($"Sse:HistoryMaxBytes ({options.HistoryMaxBytes}) must hold at least one event of Sse:MaxMessageBytes ({options.MaxMessageBytes}).");
        }

        // The histories together must have room for a new event beside at least one other of the largest.
        if (options.History?.MaxMemoryBytes is { } ceiling && ceiling < 4L * options.MaxMessageBytes)
        {
            failures.Add($"Sse:History:MaxMemoryBytes ({ceiling}) must hold at least two events of Sse:MaxMessageBytes (4 x {options.MaxMessageBytes}: two bytes a character).");
        }

        // Each stream queue (8 by default) writes into a block of its own, and a cache that is all
        // open blocks would drop events before anyone had them.
        if (options.StreamCacheMaxBytes / 16 < options.StreamCacheBlockBytes)
        {
            failures.Add($"Sse:StreamCacheMaxBytes ({options.StreamCacheMaxBytes}) must be at least 16 cache blocks of {options.StreamCacheBlockBytes} bytes (4 x Sse:MaxMessageBytes, at least 1 MiB).");
        }

        // A client may reopen all the streams it is allowed at once (after a front-end restart).
        if (options.SubscribeBurstPerClient < options.MaxConnectionsPerClient)
        {
            failures.Add($"Sse:SubscribeBurstPerClient ({options.SubscribeBurstPerClient}) must be at least Sse:MaxConnectionsPerClient ({options.MaxConnectionsPerClient}).");
        }

        if (options.History is not { } history
            || !(history.IsRedis || string.Equals(history.ProviderType, SseHistoryOptions.Memory, StringComparison.OrdinalIgnoreCase)))
        {
            failures.Add($"Sse:History:ProviderType ('{options.History?.ProviderType}') must be {SseHistoryOptions.Memory} or {SseHistoryOptions.Redis}.");
        }
        else if (history.IsRedis && string.IsNullOrWhiteSpace(history.ServiceKey))
        {
            failures.Add("Sse:History:ServiceKey must name the Redis connection (ConnectionStrings:{key}) when Sse:History:ProviderType is Redis.");
        }

        if (options.History is { } read && (read.ReadTimeout < SseHistoryOptions.MinReadTimeout || read.ReadTimeout > SseHistoryOptions.MaxReadTimeout))
        {
            failures.Add($"Sse:History:ReadTimeout ({read.ReadTimeout}) must be from {SseHistoryOptions.MinReadTimeout} to {SseHistoryOptions.MaxReadTimeout}.");
        }

        CheckOrigins(options.AllowedOrigins, failures);
        if (options.PublishOrigins is { } publishOrigins)
        {
            foreach (var origin in publishOrigins)
            {
                if (!IsOrigin(origin))
                {
                    failures.Add($"Sse:PublishOrigins: '{origin}' is not an origin (scheme://host[:port], no path; '*' is not accepted here).");
                }
            }
        }

        CheckKey("Sse:PublishKey", options.PublishKey, failures);
        CheckKey("Sse:AdminKey", options.AdminKey, failures);
        CheckAuth(options.Auth, failures);
        CheckPublicSubtrees(options.Anonymous?.Subscribe, failures);
        if (options.Mercure is { } mercure
            && (mercure.SubscriptionLease < SseMercureOptions.MinSubscriptionLease || mercure.SubscriptionLease > SseMercureOptions.MaxSubscriptionLease))
        {
            failures.Add($"Sse:Mercure:SubscriptionLease ({mercure.SubscriptionLease}) must be between {SseMercureOptions.MinSubscriptionLease} and {SseMercureOptions.MaxSubscriptionLease}.");
        }

        foreach (var (setting, key) in new[] { ("PublisherKey", options.Mercure?.PublisherKey), ("SubscriberKey", options.Mercure?.SubscriberKey) })
        {
            if (!string.IsNullOrEmpty(key) && Encoding.UTF8.GetByteCount(key) < SseAuthOptions.MinSigningKeyBytes)
            {
                failures.Add($"Sse:Mercure:{setting} must have at least {SseAuthOptions.MinSigningKeyBytes} bytes (UTF-8) for HS256; it has {Encoding.UTF8.GetByteCount(key)}.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckAuth(SseAuthOptions? auth, List<string> failures)
    {
        if (auth is null)
        {
            return;
        }

        var hasKey = !string.IsNullOrEmpty(auth.SigningKey);
        var hasAuthority = !string.IsNullOrEmpty(auth.Authority);
        if (hasKey && hasAuthority)
        {
            failures.Add("Sse:Auth:SigningKey and Sse:Auth:Authority cannot both be set: tokens are checked either with the shared secret (HS256) or with the authority's published keys.");
        }

        if (hasKey && Encoding.UTF8.GetByteCount(auth.SigningKey!) < SseAuthOptions.MinSigningKeyBytes)
        {
            failures.Add($"Sse:Auth:SigningKey must have at least {SseAuthOptions.MinSigningKeyBytes} bytes (UTF-8) for HS256; it has {Encoding.UTF8.GetByteCount(auth.SigningKey!)}.");
        }

        if (hasAuthority)
        {
            if (!Uri.TryCreate(auth.Authority, UriKind.Absolute, out var authority)
                || !(authority.Scheme == Uri.UriSchemeHttps || (authority.Scheme == Uri.UriSchemeHttp && authority.IsLoopback)))
            {
                failures.Add($"Sse:Auth:Authority ('{auth.Authority}') must be an https URL (http only for a loopback authority: 127.0.0.1, [::1], localhost).");
            }

            if (string.IsNullOrEmpty(auth.Audience))
            {
                failures.Add("Sse:Auth:Audience must be set with Sse:Auth:Authority: an authority's tokens are checked for this front-end's audience.");
            }

            if (!string.IsNullOrEmpty(auth.Issuer))
            {
                failures.Add("Sse:Auth:Issuer is for Sse:Auth:SigningKey: with Sse:Auth:Authority the issuer is the one its metadata names.");
            }
        }

        // Half a configuration would silently leave tokens unread.
        if (!hasKey && !hasAuthority && (!string.IsNullOrEmpty(auth.Audience) || !string.IsNullOrEmpty(auth.Issuer)))
        {
            failures.Add("Sse:Auth:Audience and Sse:Auth:Issuer need Sse:Auth:SigningKey or Sse:Auth:Authority: without either no token is read.");
        }

        if (auth.ClockSkew < TimeSpan.Zero || auth.ClockSkew > TimeSpan.FromMinutes(5))
        {
            failures.Add($"Sse:Auth:ClockSkew ({auth.ClockSkew}) must be between 00:00:00 and 00:05:00.");
        }

        if (string.IsNullOrEmpty(auth.CookieName) || !auth.CookieName.All(c => c > ' ' && c < 127 && "()<>@,;:\\\"/[]?={}".IndexOf(c, StringComparison.Ordinal) < 0))
        {
            failures.Add($"Sse:Auth:CookieName ('{auth.CookieName}') must be a cookie name (visible ASCII, no separators).");
        }
    }

    private static void CheckPublicSubtrees(string[]? subtrees, List<string> failures)
    {
        foreach (var subtree in subtrees ?? [])
        {
            if (subtree is not ("" or "*") && !(subtree.StartsWith('/') && NamespacePath.TryNormalize(subtree, out _, out _)))
            {
                failures.Add($"Sse:Anonymous:Subscribe: '{subtree}' is not a namespace (starting with '/'), '*' or '' (nothing public).");
            }
        }
    }

    private static void CheckOrigins(string[]? origins, List<string> failures)
    {
        if (origins is null || origins.Length == 0)
        {
            return;
        }

        if (Array.IndexOf(origins, "*") >= 0 && Array.Exists(origins, origin => origin != "*"))
        {
            failures.Add("Sse:AllowedOrigins: \"*\" allows every origin and cannot be combined with others.");
        }

        foreach (var origin in origins)
        {
            if (origin != "*" && !IsOrigin(origin))
            {
                failures.Add($"Sse:AllowedOrigins: '{origin}' is not an origin (scheme://host[:port], no path).");
            }
        }
    }

    private static bool IsOrigin(string? origin) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && uri.GetLeftPart(UriPartial.Authority).Equals(origin.TrimEnd('/'), StringComparison.OrdinalIgnoreCase);

    private static void CheckKey(string setting, string? key, List<string> failures)
    {
        if (key is { Length: > 0 } && key.Trim().Length != key.Length)
        {
            failures.Add($"{setting} must not start or end with white space.");
        }
    }
}
