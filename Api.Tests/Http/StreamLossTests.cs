using System.Net;
using SseOrleans.Abstractions;
using SseOrleans.Api.Tests.Infrastructure;

namespace SseOrleans.Api.Tests.Http;

/// <summary>Live subscribers get what their namespace's stream lost, from its history, without reconnecting.</summary>
public sealed class StreamLossTests(LossyStreamFixture fixture) : IClassFixture<LossyStreamFixture>
{
    private const string Lost = LossyStreamFixture.LostMark;
    private readonly ApiHost _host = fixture.Host;

    [Fact]
    public async Task A_live_subscriber_gets_an_event_its_stream_lost_before_the_next_one_once()
    {
        var path = Unique();
        await using var client = await SseClient.OpenAsync(_host.Http, "/subscribe" + path);

        await PublishAsync(path, "one");
        await PublishAsync(path, Lost + " two");
        await PublishAsync(path, "three");

        var received = await client.NextAsync(3);
        Assert.Equal(["one", Lost + " two", "three"], received.Select(e => e.Data));
        var ids = received.Select(e => SseEventId.TryParse(e.EventId, out var id) ? id : default).ToList();
        Assert.Equal([1, 2, 3], ids.Select(id => id.Sequence));
        Assert.False(client.TryTakeAny(out _));
    }

    [Fact]
    public async Task A_lost_last_event_reaches_a_live_subscriber_with_nothing_published_after_it()
    {
        var path = Unique();
        await using var client = await SseClient.OpenAsync(_host.Http, "/subscribe" + path);
        await PublishAsync(path, "one");
        Assert.Equal("one", (await client.NextAsync()).Data);

        await PublishAsync(path, Lost + " the last");

        Assert.Equal(Lost + " the last", (await client.NextAsync()).Data);
    }

    private async Task PublishAsync(string path, string data)
    {
        using var content = new StringContent(data);
        using var response = await _host.Http.PostAsync("/publish" + path, content);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    private static string Unique() => "/lossy/" + Guid.NewGuid().ToString("N")[..8];
}
