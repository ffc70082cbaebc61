using Microsoft.AspNetCore.Http;

namespace SseOrleans.FrontEnd.Mercure;

/// <summary>
/// Whether a publisher's grants let it publish an update: every topic of the update, canonical and
/// alternate, must match a selector of its <c>mercure.publish</c>; if one does not, nothing is published.
/// Refused with <c>403</c> (as Mercure's specification says; Mercure 0.24 answers <c>401</c>) and the reason.
/// </summary>
internal static class PublishPermission
{
    /// <summary>Null when <paramref name="grants"/> cover every one of <paramref name="topics"/>, else the refusal.</summary>
    public static MercureRefusal? Check(MercureGrants grants, IReadOnlyList<string> topics)
    {
        ArgumentNullException.ThrowIfNull(grants);
        ArgumentNullException.ThrowIfNull(topics);
        if (grants.Publish is null)
        {
            return Forbidden("the token has no mercure.publish claim: it may not publish");
        }

        if (grants.Publish.IsEmpty)
        {
            return Forbidden("the token's mercure.publish claim is empty: it may publish to no topic");
        }

        return grants.Publish.FirstUnmatched(topics) is { } topic
            ? Forbidden($"not allowed to publish to {topic}: no selector of the token's mercure.publish claim matches it, so nothing was published")
            : null;
    }

    private static MercureRefusal Forbidden(string reason) => new(StatusCodes.Status403Forbidden, reason);
}
