using SseOrleans.Abstractions;
using SseOrleans.Grains.History;

namespace SseOrleans.Grains.Tests;

public sealed class EventHistoryTests
{
    [Fact]
    public void Keeps_the_newest_events_up_to_its_capacity_oldest_first()
    {
        var history = new EventHistory(3, long.MaxValue);
        for (var i = 1; i <= 5; i++)
        {
            history.Add(Event(i));
        }

        Assert.Equal([3L, 4L, 5L], history.After(long.MinValue, int.MaxValue, out _).Select(e => e.Id.Sequence));
    }

    [Fact]
    public void After_returns_the_events_with_a_higher_sequence()
    {
        var history = new EventHistory(4, long.MaxValue);
        for (var i = 1; i <= 6; i++)
        {
            history.Add(Event(i));
        }

        Assert.Equal([5L, 6L], history.After(4, int.MaxValue, out var remaining).Select(e => e.Id.Sequence));
        Assert.Equal(2, remaining);
        Assert.Equal([3L, 4L, 5L, 6L], history.After(0, int.MaxValue, out _).Select(e => e.Id.Sequence));
        Assert.Empty(history.After(6, int.MaxValue, out remaining));
        Assert.Equal(0, remaining);
        Assert.Equal(3, history.OldestSequence);
    }

    [Fact]
    public void A_capacity_of_zero_keeps_nothing()
    {
        var history = new EventHistory(0, long.MaxValue);
        history.Add(Event(1));
        Assert.Empty(history.After(long.MinValue, int.MaxValue, out _));
    }

    [Fact]
    public void Keeps_only_the_newest_events_whose_data_fits_in_its_byte_bound()
    {
        var history = new EventHistory(1000, maxBytes: 10);
        history.Add(Event(1, "aaaa"));
        history.Add(Event(2, "bbbb"));
        history.Add(Event(3, "\u00e9\u00e9"));

        Assert.Equal([2L, 3L], history.After(long.MinValue, int.MaxValue, out _).Select(e => e.Id.Sequence));
        Assert.Equal(8, history.Bytes);
        Assert.Equal(2, history.OldestSequence);
    }

    [Fact]
    public void An_event_larger_than_the_byte_bound_is_still_kept_alone()
    {
        var history = new EventHistory(1000, maxBytes: 3);
        history.Add(Event(1, "aa"));
        history.Add(Event(2, "too large"));

        Assert.Equal([2L], history.After(long.MinValue, int.MaxValue, out _).Select(e => e.Id.Sequence));
        Assert.Equal(9, history.Bytes);
    }

    [Fact]
    public void Room_grows_with_the_events_and_the_order_survives_wrapping()
    {
        var history = new EventHistory(40, long.MaxValue);
        for (var i = 1; i <= 100; i++)
        {
            history.Add(Event(i));
        }

        Assert.Equal(Enumerable.Range(61, 40).Select(i => (long)i), history.After(long.MinValue, int.MaxValue, out _).Select(e => e.Id.Sequence));
        Assert.Equal(40, history.Bytes);
    }

    [Fact]
    public void Events_older_than_the_age_bound_are_dropped_when_the_history_is_read_or_added_to()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        var history = new EventHistory(1000, long.MaxValue, TimeSpan.FromMinutes(1), time);
        history.Add(Event(1));
        time.Advance(TimeSpan.FromSeconds(40));
        history.Add(Event(2));
        time.Advance(TimeSpan.FromSeconds(30));

        Assert.Equal([2L], history.After(long.MinValue, int.MaxValue, out _).Select(e => e.Id.Sequence));
        Assert.Equal(2, history.OldestSequence);
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.Null(history.OldestSequence);
    }

    private static NamespaceEvent Event(long sequence, string data = "x") => new(new SseEventId(1, sequence), null, data, "/");
}
