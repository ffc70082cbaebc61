using System.Net;
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
        var policy = new PerClientConnectionLimit(Options.Create(new SseOptions { MaxConnectionsPerClient = 2, SubscribeBurstPerClient = 2, SubscribeRatePerClient = 1 }));
        using var first = Limiter(policy, "10.0.0.1");

        using var a = first.AttemptAcquire();
        using var b = first.AttemptAcquire();
        a.Dispose();
        using var refused = first.AttemptAcquire();

        Assert.True(a.IsAcquired && b.IsAcquired);
        Assert.False(refused.IsAcquired);
        Assert.True(refused.TryGetMetadata(System.Threading.RateLimiting.MetadataName.RetryAfter, out _));
    }

    private static System.Threading.RateLimiting.RateLimiter Limiter(PerClientConnectionLimit policy, string address)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse(address);
        var partition = policy.GetPartition(context);
        return partition.Factory(partition.PartitionKey);
    }
}
