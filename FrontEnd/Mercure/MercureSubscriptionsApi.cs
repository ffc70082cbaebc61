using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using SseOrleans.Abstractions;
using SseOrleans.FrontEnd.Endpoints;

namespace SseOrleans.FrontEnd.Mercure;

/// <summary>
/// <c>GET /.well-known/mercure/subscriptions[/{topic}[/{subscriber}]]</c> (mapped while <c>Sse:Mercure:Subscriptions</c>
/// is on): the cluster's active subscriptions, all of them, those of one selector, or one (<c>404</c> when it is not
/// active), as JSON-LD with the id of the newest subscription event. The path is read as it was sent (an encoded
/// <c>/</c> stays inside its segment) and written back in the form of the events' topics, which is what the caller's
/// <c>mercure.subscribe</c> selectors must match: a token that may receive the events may read the list, no other.
/// </summary>
internal sealed class MercureSubscriptionsApi(MercureAuthentication authentication, IGrainFactory grains, ILogger<MercureSubscriptionsApi> logger)
{
    public async Task<IResult> GetAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var rawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        var rawPath = string.IsNullOrEmpty(rawTarget) ? context.Request.Path.Value ?? string.Empty : rawTarget.Split('?')[0];
        if (!SubscriptionTopics.TryParsePath(rawPath, out var selector, out var subscriber))
        {
            return PlainTextError.Of(StatusCodes.Status404NotFound,
                "not a subscriptions path: /.well-known/mercure/subscriptions[/{topic}[/{subscriber}]], each part percent-encoded as one segment");
        }

        var path = subscriber is not null ? SubscriptionTopics.For(selector!, subscriber)
            : selector is not null ? SubscriptionTopics.ForSelector(selector)
            : SubscriptionTopics.Prefix;
        var caller = await authentication.AuthenticateAsync(context, publishing: false);
        if (caller.Refusal is { } refused)
        {
            return MercureAnswers.Refuse(context, refused);
        }

        if (caller.Source == MercureTokenSource.None)
        {
            return MercureAnswers.Refuse(context, new MercureRefusal(StatusCodes.Status401Unauthorized,
                $"the subscriptions API needs a token whose mercure.subscribe claim matches {path}"));
        }

        if (!caller.Grants.Subscribe.Matches(path))
        {
            return MercureAnswers.Refuse(context, new MercureRefusal(StatusCodes.Status403Forbidden,
                $"not allowed to read {path}: no selector of the token's mercure.subscribe claim matches it"));
        }

        MercureSubscriptionList list;
        try
        {
            list = await grains.GetMercureSubscriptions().List(selector, subscriber);
        }
        catch (Exception exception) when (exception is OrleansException or TimeoutException)
        {
            logger.SubscriptionListFailed(exception);
            context.Response.Headers.RetryAfter = "5";
            return PlainTextError.Of(StatusCodes.Status503ServiceUnavailable, "the cluster is unavailable; retry shortly");
        }

        context.Response.Headers.CacheControl = "must-revalidate";
        if (subscriber is null)
        {
            return TypedResults.Text(
                SubscriptionCollection.Json(path, list.LastEventId, list.Subscriptions.Select(MercureSubscription.From)), SubscriptionDocument.MediaType);
        }

        return list.Subscriptions is [var entry, ..]
            ? TypedResults.Text(SubscriptionDocument.Single(MercureSubscription.From(entry), list.LastEventId), SubscriptionDocument.MediaType)
            : PlainTextError.Of(StatusCodes.Status404NotFound, $"no active subscription {path}");
    }
}
