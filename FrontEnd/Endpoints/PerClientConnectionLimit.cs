using SseOrleans.Abstractions;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace SseOrleans.FrontEnd.Endpoints;

/// <summary>
/// ASP.NET Core's concurrency limiter, partitioned by client address: at most
/// <see cref="SseOptions.MaxConnectionsPerClient"/> open streams each, <c>429</c> beyond.
/// </summary>
internal sealed class PerClientConnectionLimit(IOptions<SseOptions> options) : IRateLimiterPolicy<string>
{
    public const string PolicyName = "sse-per-client";

    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected { get; } = static (context, cancellationToken) =>
        new ValueTask(PlainTextError.Of(
            StatusCodes.Status429TooManyRequests,
            "too many open streams from this address (Sse:MaxConnectionsPerClient)").ExecuteAsync(context.HttpContext));

    public RateLimitPartition<string> GetPartition(HttpContext httpContext) =>
        RateLimitPartition.GetConcurrencyLimiter(
            httpContext.Connection.RemoteIpAddress?.ToString() ?? string.Empty,
            _ => new ConcurrencyLimiterOptions { PermitLimit = options.Value.MaxConnectionsPerClient, QueueLimit = 0 });
}
