using Microsoft.Extensions.Time.Testing;

namespace SseOrleans.Grains.Tests;

public sealed class SubscriberLeasesTests
{
    [Fact]
    public void A_lease_that_is_not_renewed_stops_counting_when_it_expires()
    {
        var time = new FakeTimeProvider();
        var leases = new SubscriberLeases(time);
        leases.Report("a", 2, TimeSpan.FromSeconds(30));
        leases.Report("b", 3, TimeSpan.FromSeconds(60));

        time.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(5, leases.Total());

        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(3, leases.Total());

        leases.Report("b", 3, TimeSpan.FromSeconds(60));
        time.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(3, leases.Total());
    }
}
