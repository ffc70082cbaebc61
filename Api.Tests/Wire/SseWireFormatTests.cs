using System.Buffers;
using System.Net.ServerSentEvents;
using System.Text;
using SseOrleans.Abstractions;
using SseOrleans.FrontEnd.Wire;

namespace SseOrleans.Api.Tests.Wire;

public sealed class SseWireFormatTests
{
    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("", "")]
    [InlineData("line one\nline two", "line one\nline two")]
    [InlineData("crlf\r\nbreaks", "crlf\nbreaks")]
    [InlineData("bare\rcarriage return", "bare\ncarriage return")]
    [InlineData("mixed\r\n\r\nblank\rline\n", "mixed\n\nblank\nline\n")]
    [InlineData("\n", "\n")]
    [InlineData("\r\n\r\n", "\n\n")]
    [InlineData(" one leading space", " one leading space")]
    [InlineData("  two leading spaces\n trailing on the next ", "  two leading spaces\n trailing on the next ")]
    [InlineData(": looks like a comment", ": looks like a comment")]
    [InlineData("data: looks like a field", "data: looks like a field")]
    [InlineData("id: 7\nevent: fake", "id: 7\nevent: fake")]
    [InlineData("caf\u00e9 \u732b \ud83d\udc36 \u0645\u0631\u062d\u0628\u0627", "caf\u00e9 \u732b \ud83d\udc36 \u0645\u0631\u062d\u0628\u0627")]
    [InlineData("tab\tand \u2028 line separator", "tab\tand \u2028 line separator")]
    public async Task A_client_parser_reads_back_exactly_the_published_data(string published, string received)
    {
        var item = Assert.Single(await RoundTrip(new NamespaceEvent(new SseEventId(17, 4), "kind", published, "/")));
        Assert.Equal(received, item.Data);
        Assert.Equal("kind", item.EventType);
        Assert.Equal("17-4", item.EventId);
    }

    [Fact]
    public async Task An_event_without_a_name_is_a_message_and_has_no_event_line()
    {
        var unnamed = new NamespaceEvent(new SseEventId(1, 1), null, "x", "/");
        Assert.Equal("message", Assert.Single(await RoundTrip(unnamed)).EventType);
        Assert.DoesNotContain("event:", Encode(unnamed), StringComparison.Ordinal);
    }

    [Fact]
    public void Frames_have_one_field_per_line_and_end_with_a_blank_line()
    {
        var text = Encode(new NamespaceEvent(new SseEventId(5, 6), "new-dog", "a\r\nb", "/pets/dogs"));
        Assert.Equal("id: 5-6\nevent: new-dog\ndata: a\ndata: b\n\n", text);
    }

    [Fact]
    public async Task A_batch_keeps_events_apart_and_in_order()
    {
        var items = await RoundTrip(
            new NamespaceEvent(new SseEventId(1, 1), "a", "first\nevent", "/"),
            new NamespaceEvent(new SseEventId(1, 2), null, "", "/"),
            new NamespaceEvent(new SseEventId(1, 3), "c", "third", "/"));
        Assert.Equal([("a", "first\nevent", "1-1"), ("message", "", "1-2"), ("c", "third", "1-3")],
            items.Select(i => (i.EventType, i.Data, i.EventId)));
    }

    [Fact]
    public void The_preamble_sets_the_reconnection_delay_and_carries_no_event()
    {
        Assert.Equal("retry: 2500\n\n", Encoding.UTF8.GetString(SseWireFormat.Preamble(TimeSpan.FromMilliseconds(2500))));
    }

    [Fact]
    public void A_comment_is_one_line_that_parsers_ignore()
    {
        var writer = new ArrayBufferWriter<byte>();
        SseWireFormat.WriteComment(writer, "replayed 3 events");
        Assert.Equal(": replayed 3 events\n\n", Encoding.UTF8.GetString(writer.WrittenSpan));
    }

    private static string Encode(params NamespaceEvent[] events)
    {
        var batch = EncodedBatch.Encode(events);
        return Encoding.UTF8.GetString(batch.After(null, out _).Span);
    }

    private static async Task<List<SseItem<string>>> RoundTrip(params NamespaceEvent[] events)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(Encode(events)));
        var items = new List<SseItem<string>>();
        await foreach (var item in SseParser.Create(stream).EnumerateAsync())
        {
            items.Add(item);
        }

        return items;
    }
}
