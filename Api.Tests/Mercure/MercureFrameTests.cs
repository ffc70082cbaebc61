using System.Buffers;
using System.Net.ServerSentEvents;
using System.Text;
using SseOrleans.FrontEnd.Mercure;

namespace SseOrleans.Api.Tests.Mercure;

/// <summary>An update on the wire, read back by the platform's own SSE parser.</summary>
public sealed class MercureFrameTests
{
    [Fact]
    public void The_id_type_retry_and_data_reach_the_client_as_published()
    {
        var update = new MercureUpdate(["urn:a"], "  two leading spaces\n\nafter a blank line\r\nlast", false, "urn:uuid:42", "book-updated", 2500);
        var (item, retry) = RoundTrip(update);
        Assert.Equal("urn:uuid:42", item.EventId);
        Assert.Equal("book-updated", item.EventType);
        Assert.Equal("  two leading spaces\n\nafter a blank line\nlast", item.Data);
        Assert.Equal(TimeSpan.FromMilliseconds(2500), retry);
    }

    [Fact]
    public void Without_type_or_retry_there_is_no_such_line_and_empty_data_is_still_an_event()
    {
        var update = new MercureUpdate(["urn:a"], string.Empty, false, "https://example.com/revisions/1", null, 0);
        Assert.Equal("id: https://example.com/revisions/1\ndata: \n\n", Encode(update));
        var (item, retry) = RoundTrip(update);
        Assert.Equal("message", item.EventType);
        Assert.Equal(string.Empty, item.Data);
        Assert.Null(retry);
    }

    private static string Encode(MercureUpdate update)
    {
        var buffer = new ArrayBufferWriter<byte>();
        MercureFrame.Write(buffer, update);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static (SseItem<string> Item, TimeSpan? Retry) RoundTrip(MercureUpdate update)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(Encode(update)));
        var parser = SseParser.Create(stream);
        var item = Assert.Single(parser.Enumerate());
        return (item, parser.ReconnectionInterval == Timeout.InfiniteTimeSpan ? null : parser.ReconnectionInterval);
    }
}
