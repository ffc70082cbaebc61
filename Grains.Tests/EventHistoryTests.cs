using SseOrleans.Abstractions;

namespace SseOrleans.Grains.Tests;

public sealed class EventHistoryTests
{
    [Fact]
    public void Keeps_the_newest_events_up_to_its_capacity_oldest_first()
    {
        var history = new EventHistory(3);
        for (var i = 1; i <= 5; i++)
        {
            history.Add(Event(i));
        }

        Assert.Equal([3L, 4L, 5L], history.After(long.MinValue, int.MaxValue, out _).Select(e => e.Id.Sequence));
    }

    [Fact]
    public void After_returns_the_events_with_a_higher_sequence()
    {
        var history = new EventHistory(4);
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
        var history = new EventHistory(0);
        history.Add(Event(1));
        Assert.Empty(history.After(long.MinValue, int.MaxValue, out _));
    }

    private static NamespaceEvent Event(long sequence) => new(new SseEventId(1, sequence), null, "x", "/");
}
