using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SseOrleans.Abstractions;
using SseOrleans.Grains.History;

namespace SseOrleans.Grains.Tests;

public sealed class HistoryMemoryBudgetTests
{
    private const int DataLength = 1000;
    private static readonly long EventCost = HistoryMemoryBudget.CostOf(Event(1));

    [Fact]
    public void Histories_charge_what_they_keep_and_credit_what_they_drop()
    {
        var budget = Budget(ceiling: 100 * EventCost);
        var history = History(budget, capacity: 3);
        for (var i = 1; i <= 5; i++)
        {
            history.Add(Event(i));
        }

        Assert.Equal(3 * EventCost, budget.Used);
        history.Release();
        Assert.Equal(0, budget.Used);
    }

    [Fact]
    public void Over_the_ceiling_the_least_recently_used_histories_lose_their_oldest_events_first()
    {
        var budget = Budget(ceiling: 8 * EventCost);
        var read = History(budget);
        var oldest = History(budget);
        var newest = History(budget);
        for (var i = 1; i <= 3; i++)
        {
            read.Add(Event(i));
        }

        oldest.Add(Event(1));
        read.After(0, int.MaxValue, out _); // a replay is a use: the history first written is now used after the other
        for (var i = 1; i <= 4; i++)
        {
            newest.Add(Event(i));
        }

        Assert.Equal(8 * EventCost, budget.Used);

        newest.Add(Event(5)); // over the ceiling: trimmed to an eighth below it, 7 events

        Assert.Equal(7 * EventCost, budget.Used);
        Assert.Empty(oldest.After(long.MinValue, int.MaxValue, out _));
        Assert.Equal([2L, 3L], read.After(long.MinValue, int.MaxValue, out _).Select(e => e.Id.Sequence));
        Assert.Equal([1L, 2L, 3L, 4L, 5L], newest.After(long.MinValue, int.MaxValue, out _).Select(e => e.Id.Sequence));
        Assert.Null(oldest.OldestSequence);
    }

    [Fact]
    public void A_history_alone_over_the_ceiling_loses_its_own_oldest_events()
    {
        var budget = Budget(ceiling: 4 * EventCost);
        var history = History(budget);
        for (var i = 1; i <= 10; i++)
        {
            history.Add(Event(i));
            Assert.True(budget.Used <= budget.Ceiling);
        }

        Assert.Equal(10, history.After(long.MinValue, int.MaxValue, out _)[^1].Id.Sequence);
    }

    [Fact]
    public void A_released_history_is_never_asked_to_shed_again()
    {
        var budget = Budget(ceiling: 2 * EventCost);
        var released = History(budget);
        released.Add(Event(1));
        released.Release();
        var other = History(budget);
        for (var i = 1; i <= 4; i++)
        {
            other.Add(Event(i));
        }

        Assert.Equal(0, released.Bytes);
        Assert.True(budget.Used <= budget.Ceiling);
    }

    [Fact]
    public void Without_a_setting_the_ceiling_is_a_quarter_of_the_memory_available()
    {
        var budget = new HistoryMemoryBudget(Options.Create(new SseOptions()), NullLogger<HistoryMemoryBudget>.Instance);
        Assert.Equal((long)(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes * 0.25), budget.Ceiling);
        Assert.True(budget.Ceiling > 0);
    }

    private static HistoryMemoryBudget Budget(long ceiling) =>
        new(Options.Create(new SseOptions { History = new() { MaxMemoryBytes = ceiling } }), NullLogger<HistoryMemoryBudget>.Instance);

    private static EventHistory History(HistoryMemoryBudget budget, int capacity = 1000) =>
        new(capacity, long.MaxValue, TimeSpan.MaxValue, TimeProvider.System, budget);

    private static NamespaceEvent Event(long sequence) =>
        new(new SseEventId(1, sequence), null, new string('d', DataLength), "/");
}
