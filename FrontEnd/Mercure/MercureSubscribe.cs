using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SseOrleans.Abstractions;
using SseOrleans.FrontEnd.Authorization;
using SseOrleans.FrontEnd.Endpoints;
using SseOrleans.FrontEnd.FanOut;
using SseOrleans.FrontEnd.Namespaces;
using SseOrleans.FrontEnd.Wire;

namespace SseOrleans.FrontEnd.Mercure;

/// <summary>
/// <c>GET /.well-known/mercure?topic=...</c>: the selectors are checked, the subscriber authenticated (a valid
/// token, or anonymous where <c>Sse:Anonymous:Subscribe</c> covers the Mercure namespace), and the connection
/// joins the one feed its selectors need (<see cref="TopicNamespaces.FeedOf"/>) through the
/// <see cref="MercureGroup"/> of its filter, which decides and encodes each update once for all its connections.
/// With presence on, its subscriptions are announced when the stream starts and when it ends
/// (<see cref="MercureSubscriptionsReporter"/>).
/// </summary>
internal sealed class MercureSubscribe(
    TopicNamespaces topics,
    MercureGroups groups,
    MercureAuthentication authentication,
    NamespaceAuthorizer authorizer,
    SubscribeStream stream,
    INamespaceGrains namespaces,
    MercureSubscriptionsReporter presence,
    IOptions<SseOptions> options,
    ILogger<MercureSubscribe> logger)
{
    public const string TopicParameter = "topic";

    public async Task<IResult> SubscribeAsync(HttpContext context, bool headersOnly)
    {
        ArgumentNullException.ThrowIfNull(context);
        var selectors = context.Request.Query[TopicParameter];
        if (selectors.Count == 0)
        {
            return PlainTextError.Of(StatusCodes.Status400BadRequest, "missing topic: subscribe with one or more ?topic= selectors");
        }

        if (selectors.Count > MercureLimits.MaxTopics)
        {
            return PlainTextError.Of(StatusCodes.Status400BadRequest, $"more than {MercureLimits.MaxTopics} topic selectors");
        }

        foreach (var selector in selectors)
        {
            if (MercureTopicRules.Check(selector ?? string.Empty) is { } reason)
            {
                return PlainTextError.Of(StatusCodes.Status400BadRequest, "topic: " + reason);
            }
        }

        var caller = await authentication.AuthenticateAsync(context, publishing: false);
        if (caller.Refusal is { } refused)
        {
            return MercureAnswers.Refuse(context, refused);
        }

        if (caller.Source == MercureTokenSource.None
            && !(await authorizer.AuthorizeAsync(context, topics.Root, NamespaceOperation.Subscribe)).Allowed)
        {
            return MercureAnswers.Refuse(context, new MercureRefusal(StatusCodes.Status401Unauthorized,
                $"this hub takes no anonymous subscribers (Sse:Anonymous:Subscribe does not cover {topics.Root}): subscribe with a token"));
        }

        var set = TopicSelectorSet.Parse(selectors!);
        var filter = new SubscriberFilter(set, caller.Grants.Subscribe);
        var feed = topics.FeedOf(set);
        if (headersOnly)
        {
            MercureAnswers.SetStreamHeaders(context.Response);
            return TypedResults.Empty;
        }

        var sse = options.Value;
        var replay = new MercureReplay(null, null);
        if (ReplayRequest.LastEventId(context.Request) is { } lastEventId)
        {
            try
            {
                replay = await ResolveAsync(feed, filter, lastEventId, sse.HistoryPageBytes);
            }
            catch (Exception exception) when (!context.RequestAborted.IsCancellationRequested && exception is not ArgumentException)
            {
                logger.SubscribeFailed(exception, feed);
                context.Response.Headers.RetryAfter = "5";
                return PlainTextError.Of(StatusCodes.Status503ServiceUnavailable, "the cluster is unavailable; retry shortly");
            }
        }

        var group = groups.Acquire(feed, filter);
        MercureSubscriptionEntry[]? announced = null;
        try
        {
            var prelude = StreamPrelude.Create(
                sse.RetryInterval, feed, replay.After, (after, maxBytes) => namespaces.GetEventsAfter(feed, after, maxBytes), sse.HistoryPageBytes,
                events => group.Encode(events) ?? EncodedBatch.FromBytes([]));
            await stream.ServeAsync(context, stream.NewConnection(context, feed, group), prelude, response =>
            {
                MercureAnswers.SetStreamHeaders(response);
                if (replay.Header is { } header)
                {
                    response.Headers[ReplayRequest.HeaderName] = header;
                }

                // Announced once the stream starts, so a refused or failed subscribe is never announced.
                if (sse.Mercure.Subscriptions)
                {
                    announced = SubscriptionEntries.Of(selectors, caller.Grants.Payload, topics);
                    presence.Started(announced);
                }
            }, caller.ExpiresAt);
            return TypedResults.Empty;
        }
        finally
        {
            if (announced is not null)
            {
                presence.Ended(announced);
            }

            groups.Release(group);
        }
    }

    // Where a replay starts in the feed, and what the response's Last-Event-ID says (Mercure 0.24's answers): the
    // requested id when the hub knows it (replay after its position), "earliest" for everything retained, and for an
    // unknown id no replay and the newest retained id this subscriber may see, so that a client notices the mismatch.
    private async Task<MercureReplay> ResolveAsync(string feed, SubscriberFilter filter, string lastEventId, int pageBytes)
    {
        if (lastEventId == MercureIds.Earliest)
        {
            return new MercureReplay(MercureIds.Earliest, MercureIds.Earliest);
        }

        if (await namespaces.FindAfterUpdate(feed, lastEventId) is { } cursor)
        {
            return new MercureReplay(cursor == default ? MercureIds.Earliest : cursor.ToString(), lastEventId);
        }

        string? newest = null;
        var after = default(SseEventId);
        while (true)
        {
            var page = await namespaces.GetEventsAfter(feed, after, pageBytes);
            foreach (var stored in page.Events)
            {
                if (stored.Mercure is { } mercure && filter.Admits(mercure.Topics, mercure.Private))
                {
                    newest = mercure.Id;
                }
            }

            if (page.Events.Length == 0 || page.Events.Length >= page.Remaining)
            {
                return new MercureReplay(null, newest ?? MercureIds.Earliest);
            }

            after = page.Events[^1].Id;
        }
    }

    /// <summary>Where the replay starts (a feed id, <c>earliest</c>, or null for none) and the response's <c>Last-Event-ID</c>.</summary>
    private readonly record struct MercureReplay(string? After, string? Header);
}
