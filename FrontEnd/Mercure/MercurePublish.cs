using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SseOrleans.Abstractions;
using SseOrleans.FrontEnd.Endpoints;
using SseOrleans.FrontEnd.Namespaces;
using SseOrleans.FrontEnd.Telemetry;

namespace SseOrleans.FrontEnd.Mercure;

/// <summary>
/// <c>POST /.well-known/mercure</c>: the publisher is authenticated, the form read and checked, every topic must
/// be granted, then the update is ONE publish to its topics' namespaces (stored once in each, and once in each
/// interested ancestor), answered <c>200 text/plain</c> with its id once it is in every target's history.
/// </summary>
internal sealed class MercurePublish(
    TopicNamespaces topics,
    MercureAuthentication authentication,
    INamespaceGrains namespaces,
    IOptions<SseOptions> options,
    SseMetrics metrics,
    ILogger<MercurePublish> logger)
{
    public async Task<IResult> PublishAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var sse = options.Value;
        var request = context.Request;
        var caller = await authentication.AuthenticateAsync(context, publishing: true);
        if (caller.Refusal is { } refused)
        {
            return MercureAnswers.Refuse(context, refused);
        }

        if (caller.Source == MercureTokenSource.None)
        {
            return MercureAnswers.Refuse(context, new MercureRefusal(StatusCodes.Status401Unauthorized,
                !string.IsNullOrEmpty(sse.PublishKey) ? "publishing needs a JWT with a mercure.publish claim (Sse:Auth), or 'Authorization: Bearer <Sse:PublishKey>'"
                : sse.Auth.IsConfigured || !string.IsNullOrEmpty(sse.Mercure.PublisherKey) ? "publishing needs a JWT with a mercure.publish claim"
                : "publishing is allowed from loopback only; set Sse:PublishKey or Sse:Auth to accept remote publishers"));
        }

        if (caller.Source == MercureTokenSource.Cookie
            && CookiePublishOrigin.Check(request, sse.PublishOrigins, sse.Auth.CookieName) is { } csrf)
        {
            return MercureAnswers.Refuse(context, csrf);
        }

        if (!PublishForm.IsForm(request.ContentType))
        {
            return PlainTextError.Of(StatusCodes.Status415UnsupportedMediaType, $"the body must be a form ({PublishForm.ContentType})");
        }

        var (body, bodyError) = await RequestText.ReadAsync(request, MercureLimits.MaxFormBytes(sse.MaxMessageBytes), context.RequestAborted);
        if (bodyError is not null)
        {
            return bodyError;
        }

        if (!PublishForm.TryParse(body!, sse.MaxMessageBytes, out var update, out var invalid))
        {
            return MercureAnswers.Refuse(context, invalid);
        }

        if (PublishPermission.Check(caller.Grants, update.Topics) is { } forbidden)
        {
            return MercureAnswers.Refuse(context, forbidden);
        }

        var targets = new List<string>(update.Topics.Count);
        foreach (var topic in update.Topics)
        {
            var target = topics.NamespaceOf(topic);
            if (!targets.Contains(target))
            {
                targets.Add(target);
            }
        }

        try
        {
            await namespaces.PublishUpdate(
                [.. targets],
                new SseEvent(string.IsNullOrEmpty(update.Type) ? null : update.Type, update.Data),
                new MercureFields(update.Id, [.. update.Topics], update.Private, update.Retry),
                Guid.NewGuid(),
                sse.PublishRetryTimeout,
                context.RequestAborted);
            metrics.EventPublished();
            return TypedResults.Text(update.Id, "text/plain; charset=utf-8");
        }
        catch (ArgumentException exception)
        {
            return PlainTextError.Of(StatusCodes.Status400BadRequest, exception.Message.Split('\n')[0]);
        }
        catch (Exception exception) when (exception is OrleansException or TimeoutException)
        {
            logger.PublishUnavailable(exception, targets[0]);
            context.Response.Headers.RetryAfter = "5";
            return PlainTextError.Of(StatusCodes.Status503ServiceUnavailable, "the cluster is unavailable; retry shortly");
        }
    }
}
