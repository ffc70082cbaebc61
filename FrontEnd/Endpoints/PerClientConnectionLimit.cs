using SseOrleans.Abstractions;
using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace SseOrleans.FrontEnd.Endpoints;

/// <summary>
/// ASP.NET Core's rate limiters, partitioned by client address: the address's token bucket for new streams
/// (<see cref="NewStreamBuckets"/>), which a <c>HEAD</c> draws on as a <c>GET</c> does (each costs a
/// namespace check and, with tokens, a validation), chained for a <c>GET</c> with a concurrency limiter for
/// open streams (<see cref="SseOptions.MaxConnectionsPerClient"/>), which a <c>HEAD</c> opens none of;
/// <c>429</c> beyond either, with a reason that names the setting.
/// </summary>
internal sealed class PerClientConnectionLimit(IOptions<SseOptions> options, NewStreamBuckets buckets) : IRateLimiterPolicy<PerClientConnectionLimit.Partition>
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

    public RateLimitPartition<Partition> GetPartition(HttpContext httpContext)
    {
        var address = httpContext.Connection.RemoteIpAddress?.ToString() ?? string.Empty;
        return HttpMethods.IsHead(httpContext.Request.Method)
            ? RateLimitPartition.Get(new Partition(address, OpensStream: false), _ => buckets.For(address))
            : RateLimitPartition.Get(new Partition(address, OpensStream: true), _ => RateLimiter.CreateChained(
                buckets.For(address),
                new ConcurrencyLimiter(new ConcurrencyLimiterOptions { PermitLimit = options.Value.MaxConnectionsPerClient, QueueLimit = 0 })));
    }

    /// <summary>A client address, and whether its requests open streams (<c>GET</c>) or only ask (<c>HEAD</c>).</summary>
    internal readonly record struct Partition(string Address, bool OpensStream);
}
