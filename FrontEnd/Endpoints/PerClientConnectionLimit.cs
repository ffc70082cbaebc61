using SseOrleans.Abstractions;
using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace SseOrleans.FrontEnd.Endpoints;

/// <summary>
/// ASP.NET Core's rate limiters, partitioned by client address, chained: a token bucket for new streams
/// (<see cref="SseOptions.SubscribeBurstPerClient"/> at once, <see cref="SseOptions.SubscribeRatePerClient"/>
/// a second after that) and a concurrency limiter for open ones (<see cref="SseOptions.MaxConnectionsPerClient"/>);
/// <c>429</c> beyond either, with a reason that names the setting.
/// </summary>
internal sealed class PerClientConnectionLimit(IOptions<SseOptions> options) : IRateLimiterPolicy<string>
{
    public const string PolicyName = "sse-per-client";

    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected { get; } = static (context, cancellationToken) =>
    {
        // Only the token bucket says when to come back.
        if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
        {
            context.HttpContext.Response.Headers.RetryAfter =
                Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            return new ValueTask(PlainTextError.Of(
                StatusCodes.Status429TooManyRequests,
                "too many new streams from this address (Sse:SubscribeRatePerClient)").ExecuteAsync(context.HttpContext));
        }

        return new ValueTask(PlainTextError.Of(
            StatusCodes.Status429TooManyRequests,
            "too many open streams from this address (Sse:MaxConnectionsPerClient)").ExecuteAsync(context.HttpContext));
    };

    public RateLimitPartition<string> GetPartition(HttpContext httpContext) =>
        RateLimitPartition.Get(httpContext.Connection.RemoteIpAddress?.ToString() ?? string.Empty, _ => NewLimiter(options.Value));

    private static RateLimiter NewLimiter(SseOptions options) => RateLimiter.CreateChained(
        new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = options.SubscribeBurstPerClient,
            TokensPerPeriod = options.SubscribeRatePerClient,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            AutoReplenishment = true,
            QueueLimit = 0,
        }),
        new ConcurrencyLimiter(new ConcurrencyLimiterOptions { PermitLimit = options.MaxConnectionsPerClient, QueueLimit = 0 }));
}
