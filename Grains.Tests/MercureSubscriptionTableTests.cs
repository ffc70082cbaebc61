using Microsoft.Extensions.Time.Testing;
using SseOrleans.Abstractions;

namespace SseOrleans.Grains.Tests;

/// <summary>The leases of the cluster's Mercure subscriptions, on a fake clock.</summary>
public sealed class MercureSubscriptionTableTests
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);
    private readonly FakeTimeProvider _time = new();
    private readonly MercureSubscriptionTable _table;

    public MercureSubscriptionTableTests() => _table = new MercureSubscriptionTable(_time);

    [Fact]
    public void A_front_end_that_stops_renewing_is_handed_out_once_with_its_subscriptions_when_its_lease_ends()
    {
        _table.Replace("a", [Entry("1"), Entry("2")], Lease);
        _table.Replace("b", [Entry("3")], Lease);
        _time.Advance(Lease / 2);
        Assert.True(_table.Renew("b", Lease));

        _time.Advance(Lease / 2 - TimeSpan.FromTicks(1));
        Assert.Empty(_table.TakeExpired());
        Assert.Equal(["1", "2", "3"], _table.List(null, null).Select(entry => entry.Id));

        _time.Advance(TimeSpan.FromTicks(1));
        Assert.Equal(["3"], _table.List(null, null).Select(entry => entry.Id));
        var (frontEnd, entries) = Assert.Single(_table.TakeExpired());
        Assert.Equal("a", frontEnd);
        Assert.Equal(["1", "2"], entries.Select(entry => entry.Id).Order(StringComparer.Ordinal));
        Assert.Empty(_table.TakeExpired());
        Assert.False(_table.Renew("a", Lease));
    }

    [Fact]
    public void A_lease_that_ran_out_is_not_renewed_until_the_front_end_sends_its_list_again()
    {
        _table.Replace("a", [Entry("1")], Lease);
        _time.Advance(Lease);
        Assert.False(_table.Renew("a", Lease));
        Assert.Empty(_table.List(null, null));

        _table.Replace("a", [Entry("2")], Lease);
        Assert.True(_table.Renew("a", Lease));
        Assert.Equal(["2"], _table.List(null, null).Select(entry => entry.Id));
    }

    [Fact]
    public void Changes_add_and_remove_and_the_list_filters_by_selector_and_subscriber()
    {
        _table.Replace("a", [], Lease);
        _table.Apply("a", new MercureSubscriptionChange(Entry("1", "s", "x"), Active: true));
        _table.Apply("a", new MercureSubscriptionChange(Entry("2", "s", "y"), Active: true));
        _table.Apply("a", new MercureSubscriptionChange(Entry("3", "t", "x"), Active: true));
        _table.Apply("a", new MercureSubscriptionChange(Entry("2", "s", "y"), Active: false));

        Assert.Equal(["1", "3"], _table.List(null, null).Select(entry => entry.Id));
        Assert.Equal(["1"], _table.List("s", null).Select(entry => entry.Id));
        Assert.Equal(["3"], _table.List("t", "x").Select(entry => entry.Id));
        Assert.Empty(_table.List("s", "y"));
    }

    private static MercureSubscriptionEntry Entry(string id, string selector = "s", string subscriber = "x") =>
        new(id, selector, subscriber, null, "/mercure/" + id + "/~");
}
