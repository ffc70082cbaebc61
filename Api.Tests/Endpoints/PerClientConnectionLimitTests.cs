using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using SseOrleans.Abstractions;
using SseOrleans.FrontEnd.Endpoints;

namespace SseOrleans.Api.Tests.Endpoints;

public sealed class PerClientConnectionLimitTests
{
    [Fact]
    public void After_its_burst_a_client_is_refused_by_rate_even_with_its_streams_closed()
    {
        using var buckets = Buckets(new SseOptions { MaxConnectionsPerClient = 2, SubscribeBurstPerClient = 2, SubscribeRatePerClient = 1 }, out var policy);
        using var first = Limiter(policy, "10.0.0.1", HttpMethods.Get);

        using var a = first.AttemptAcquire();
        using var b = first.AttemptAcquire();
        a.Dispose();
        using var refused = first.AttemptAcquire();

        Assert.True(a.IsAcquired && b.IsAcquired);
        Assert.False(refused.IsAcquired);
        Assert.True(refused.TryGetMetadata(MetadataName.RetryAfter, out _));
    }

    [Fact]
    public void A_HEAD_takes_from_the_same_bucket_as_a_GET_but_holds_no_open_stream()
    {
        using var buckets = Buckets(new SseOptions { MaxConnectionsPerClient = 1, SubscribeBurstPerClient = 2, SubscribeRatePerClient = 1 }, out var policy);
        using var streams = Limiter(policy, "10.0.0.2", HttpMethods.Get);
        using var heads = Limiter(policy, "10.0.0.2", HttpMethods.Head);

        using var open = streams.AttemptAcquire();
        using var beside = heads.AttemptAcquire();
        using var beyond = heads.AttemptAcquire();

        Assert.True(open.IsAcquired);
        Assert.True(beside.IsAcquired); // the client's one open stream does not hold a HEAD back
        Assert.False(beyond.IsAcquired); // the burst of two: the stream's token and the first HEAD's
        Assert.True(beyond.TryGetMetadata(MetadataName.RetryAfter, out _));
    }

    private static NewStreamBuckets Buckets(SseOptions options, out PerClientConnectionLimit policy)
    {
        var buckets = new NewStreamBuckets(Options.Create(options));
        policy = new PerClientConnectionLimit(Options.Create(options), buckets);
        return buckets;
    }

    private static RateLimiter Limiter(PerClientConnectionLimit policy, string address, string method)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse(address);
        context.Request.Method = method;
        var partition = policy.GetPartition(context);
        return partition.Factory(partition.PartitionKey);
    }
}
