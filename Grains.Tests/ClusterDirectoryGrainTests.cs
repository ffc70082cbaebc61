using Microsoft.Extensions.Time.Testing;
using SseOrleans.Abstractions;

namespace SseOrleans.Grains.Tests;

public sealed class ClusterDirectoryGrainTests
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Subscribers_are_summed_over_front_ends_until_a_lease_expires()
    {
        var time = new FakeTimeProvider();
        var directory = new ClusterDirectoryGrain(time);
        Assert.False(await directory.ReportFrontEnd(new FrontEndReport("a", 3, 10, [new("/pets", 2), new("/news", 1)]), Lease));
        Assert.False(await directory.ReportFrontEnd(new FrontEndReport("b", 4, 20, [new("/pets", 4)]), Lease * 2));

        var view = await directory.GetView(100);
        Assert.Equal(["a", "b"], view.FrontEnds.Select(f => f.FrontEnd));
        Assert.Equal([("/pets", 6), ("/news", 1)], view.Namespaces.Select(n => (n.Namespace, n.Subscribers)));

        time.Advance(Lease);
        view = await directory.GetView(100);
        Assert.Equal(["b"], view.FrontEnds.Select(f => f.FrontEnd));
        Assert.Equal([("/pets", 4)], view.Namespaces.Select(n => (n.Namespace, n.Subscribers)));
    }

    [Fact]
    public async Task A_report_without_namespaces_keeps_the_last_list_and_asks_for_one_when_there_is_none()
    {
        var directory = new ClusterDirectoryGrain(new FakeTimeProvider());
        Assert.True(await directory.ReportFrontEnd(new FrontEndReport("a", 1, 0, null), Lease));
        Assert.False(await directory.ReportFrontEnd(new FrontEndReport("a", 1, 0, [new("/pets", 1)]), Lease));
        Assert.False(await directory.ReportFrontEnd(new FrontEndReport("a", 1, 5, null), Lease));

        var view = await directory.GetView(100);
        Assert.Equal(5, Assert.Single(view.FrontEnds).EventsBroadcast);
        Assert.Equal("/pets", Assert.Single(view.Namespaces).Namespace);
    }

    [Fact]
    public async Task Published_counts_add_up_with_a_rate_over_the_last_seconds_and_the_view_is_bounded()
    {
        var time = new FakeTimeProvider();
        var directory = new ClusterDirectoryGrain(time);
        for (var second = 0; second < 5; second++)
        {
            await directory.ReportPublished([new("/busy", 10), new("/quiet", 1)]);
            time.Advance(TimeSpan.FromSeconds(1));
        }

        await directory.ReportPublished([new("/other", 1)]);
        var view = await directory.GetView(2);

        Assert.Equal(3, view.NamespacesTotal);
        Assert.Equal(56, view.EventsPublished);
        var busy = view.Namespaces[0];
        Assert.Equal(("/busy", 50L), (busy.Namespace, busy.Published));
        Assert.Equal(8, busy.PublishedPerSecond); // the last 5 s hold 4 of its reports: 40 / 5
        Assert.Equal(2, view.Namespaces.Length);

        time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(0, (await directory.GetView(10)).Namespaces[0].PublishedPerSecond);
    }
}
