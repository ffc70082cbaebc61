using System.Text;
using SseOrleans.Abstractions;
using SseOrleans.FrontEnd.Wire;

namespace SseOrleans.Api.Tests.Wire;

public sealed class EncodedBatchTests
{
    private static readonly EncodedBatch Batch = EncodedBatch.Encode(
    [
        new NamespaceEvent(new SseEventId(7, 10), null, "ten", "/"),
        new NamespaceEvent(new SseEventId(7, 11), null, "eleven", "/"),
        new NamespaceEvent(new SseEventId(7, 12), null, "twelve", "/"),
    ]);

    [Fact]
    public void Without_a_cursor_every_event_is_written()
    {
        Assert.Equal(["ten", "eleven", "twelve"], DataAfter(null, out var count));
        Assert.Equal(3, count);
    }

    [Fact]
    public void Events_up_to_the_cursor_of_the_same_epoch_are_skipped()
    {
        Assert.Equal(["twelve"], DataAfter(new SseEventId(7, 11), out var count));
        Assert.Equal(1, count);
        Assert.Empty(DataAfter(new SseEventId(7, 12), out count));
        Assert.Equal(0, count);
    }

    [Fact]
    public void A_cursor_of_another_epoch_skips_nothing()
    {
        Assert.Equal(3, DataAfter(new SseEventId(8, 100), out _).Length);
        Assert.Equal(3, DataAfter(new SseEventId(6, 100), out _).Length);
    }

    [Fact]
    public void A_private_mercure_update_is_left_out_with_its_id()
    {
        var batch = EncodedBatch.Encode(
        [
            new NamespaceEvent(new SseEventId(7, 1), null, "public", "/", 0, new MercureFields("a", ["t"], false, 0)),
            new NamespaceEvent(new SseEventId(7, 2), null, "private", "/", 0, new MercureFields("b", ["t"], true, 0)),
            new NamespaceEvent(new SseEventId(7, 3), null, "plain", "/"),
        ]);

        Assert.Equal((2, new SseEventId(7, 3)), (batch.EventCount, batch.LastId));
        Assert.DoesNotContain("private", Encoding.UTF8.GetString(batch.Bytes.Span), StringComparison.Ordinal);
    }

    private static string[] DataAfter(SseEventId? cursor, out int count) =>
        Encoding.UTF8.GetString(Batch.After(cursor, out count).Span)
            .Split('\n')
            .Where(line => line.StartsWith("data: ", StringComparison.Ordinal))
            .Select(line => line["data: ".Length..])
            .ToArray();
}
