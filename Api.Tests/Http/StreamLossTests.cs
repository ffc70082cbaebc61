using SseOrleans.Abstractions;
using SseOrleans.Api.Tests.Infrastructure;
using SseOrleans.TestSupport;

namespace SseOrleans.Api.Tests.Http;

/// <summary>
/// Live subscribers get what their namespace's stream lost, from its history, without reconnecting. The
/// host's streams lose every item that carries <see cref="LossyStreams.LostMark"/>.
/// </summary>
[Collection(ApiCollectionDefinition.Name)]
public sealed class StreamLossTests(ApiFixture fixture)
{
    private const string Lost = LossyStreams.LostMark;
    private readonly ApiHost _host = fixture.Host;

    [Fact]
    public async Task A_live_subscriber_gets_an_event_its_stream_lost_before_the_next_one_once()
    {
        var path = TestNamespace.Unique("/lossy/");
        await using var client = await SseClient.OpenAsync(_host.Http, "/subscribe" + path);

        await _host.Http.PublishAsync(path, "one");
        await _host.Http.PublishAsync(path, Lost + " two");
        await _host.Http.PublishAsync(path, "three");

        var received = await client.NextAsync(3);
        Assert.Equal(["one", Lost + " two", "three"], received.Select(e => e.Data));
        Assert.Equal([1L, 2L, 3L], received.Select(e => SseEventId.TryParse(e.EventId, out var id) ? id.Sequence : 0));
        Assert.False(client.TryTakeAny(out _));
        Assert.Empty(client.DuplicateIds);
    }

    [Fact]
    public async Task A_lost_last_event_reaches_a_live_subscriber_with_nothing_published_after_it()
    {
        var path = TestNamespace.Unique("/lossy/");
        await using var client = await SseClient.OpenAsync(_host.Http, "/subscribe" + path);
        await _host.Http.PublishAsync(path, "one");
        Assert.Equal("one", (await client.NextAsync()).Data);

        await _host.Http.PublishAsync(path, Lost + " the last");

        Assert.Equal(Lost + " the last", (await client.NextAsync()).Data);
    }
}
