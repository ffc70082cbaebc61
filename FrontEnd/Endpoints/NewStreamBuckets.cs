using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using SseOrleans.Abstractions;

namespace SseOrleans.FrontEnd.Endpoints;

/// <summary>
/// One token bucket per client address for new streams (<see cref="SseOptions.SubscribeBurstPerClient"/> at
/// once, <see cref="SseOptions.SubscribeRatePerClient"/> a second after that), kept apart from the rate
/// limiting middleware's partitions so that <c>GET</c> and <c>HEAD</c> of <c>/subscribe</c>, which need
/// different limiters there, draw on the same bucket. ASP.NET Core's partitioned limiter keeps the buckets
/// (made on first use, dropped when idle), and is disposed with the host.
/// </summary>
internal sealed class NewStreamBuckets(IOptions<SseOptions> options) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _buckets = PartitionedRateLimiter.Create<string, string>(address =>
        RateLimitPartition.GetTokenBucketLimiter(address, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = options.Value.SubscribeBurstPerClient,
            TokensPerPeriod = options.Value.SubscribeRatePerClient,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            AutoReplenishment = true,
            QueueLimit = 0,
        }));

    /// <summary>The bucket of <paramref name="address"/>, as a limiter the middleware can hold and drop.</summary>
    public RateLimiter For(string address) => new AddressBucket(_buckets, address);

    public void Dispose() => _buckets.Dispose();

    private sealed class AddressBucket(PartitionedRateLimiter<string> buckets, string address) : RateLimiter
    {
        private long _lastUsed = Environment.TickCount64;

        // Idle since its last use: the middleware drops a partition idle for long, and the bucket lives on.
        public override TimeSpan? IdleDuration => TimeSpan.FromMilliseconds(Environment.TickCount64 - Volatile.Read(ref _lastUsed));

        public override RateLimiterStatistics? GetStatistics() => buckets.GetStatistics(address);

        protected override RateLimitLease AttemptAcquireCore(int permitCount)
        {
            Volatile.Write(ref _lastUsed, Environment.TickCount64);
            return buckets.AttemptAcquire(address, permitCount);
        }

        protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
        {
            Volatile.Write(ref _lastUsed, Environment.TickCount64);
            return buckets.AcquireAsync(address, permitCount, cancellationToken);
        }
    }
}
