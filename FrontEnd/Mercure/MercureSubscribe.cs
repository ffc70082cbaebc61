using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using SseOrleans.Abstractions;
using SseOrleans.FrontEnd.Authorization;
using SseOrleans.FrontEnd.Endpoints;
using SseOrleans.FrontEnd.FanOut;

namespace SseOrleans.FrontEnd.Mercure;

/// <summary>
/// <c>GET /.well-known/mercure?topic=...</c>: the selectors are checked, the subscriber authenticated (a valid
/// token, or anonymous where <c>Sse:Anonymous:Subscribe</c> covers the Mercure namespace), and the connection
/// joins the one feed its selectors need (<see cref="TopicNamespaces.FeedOf"/>) through the
/// <see cref="MercureGroup"/> of its filter, which decides and encodes each update once for all its connections.
/// </summary>
internal sealed class MercureSubscribe(
    TopicNamespaces topics,
    MercureGroups groups,
    MercureAuthentication authentication,
    NamespaceAuthorizer authorizer,
    SubscribeStream stream,
    IOptions<SseOptions> options)
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

        var group = groups.Acquire(feed, filter);
        try
        {
            var sse = options.Value;
            var prelude = StreamPrelude.Create(sse.RetryInterval, feed, null, static (_, _) => throw new InvalidOperationException("no replay"), sse.HistoryPageBytes);
            await stream.ServeAsync(context, stream.NewConnection(context, feed, group), prelude, MercureAnswers.SetStreamHeaders, caller.ExpiresAt);
            return TypedResults.Empty;
        }
        finally
        {
            groups.Release(group);
        }
    }
}
