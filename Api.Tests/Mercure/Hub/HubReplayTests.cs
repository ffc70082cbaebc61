using SseOrleans.Api.Tests.Infrastructure;
using SseOrleans.TestSupport;
using static SseOrleans.Api.Tests.Mercure.Hub.HubRequests;

namespace SseOrleans.Api.Tests.Mercure.Hub;

/// <summary>
/// Replay by Mercure id: <c>Last-Event-ID</c> (header, else the <c>lastEventID</c> query) replays what was
/// published after that update, in order and once, then live; <c>earliest</c> replays everything retained; an
/// unknown id replays nothing; the response's <c>Last-Event-ID</c> says which case it was.
/// </summary>
[Collection(ApiCollectionDefinition.Name)]
public sealed class HubReplayTests(ApiFixture fixture)
{
    private readonly HttpClient _http = fixture.Host.Http;

    [Fact]
    public async Task The_header_replays_after_that_update_then_goes_live_and_the_response_names_the_id()
    {
        var (topic, ids) = await PublishThreeAsync();

        await using var resumed = await SseClient.OpenAsync(_http, SubscribePath([topic]), lastEventId: ids[0]);
        Assert.Equal(ids[0], LastEventIdHeader(resumed));
        Assert.Equal(ids[1..], (await resumed.NextAsync(2)).Select(item => item.EventId));

        var live = await PublishOkAsync(_http, [("topic", topic), ("data", "live")]);
        Assert.Equal(live, (await resumed.NextAsync()).EventId);
        Assert.Empty(resumed.DuplicateIds);
    }

    [Fact]
    public async Task The_query_parameter_resumes_too_and_the_header_wins_over_it()
    {
        var (topic, ids) = await PublishThreeAsync();

        await using var byQuery = await SseClient.OpenAsync(_http, SubscribePath([topic], ("lastEventID", ids[1])));
        Assert.Equal(ids[2], (await byQuery.NextAsync()).EventId);
        await using var both = await SseClient.OpenAsync(_http, SubscribePath([topic], ("lastEventID", ids[0])), lastEventId: ids[1]);
        Assert.Equal(ids[1], LastEventIdHeader(both));
        Assert.Equal(ids[2], (await both.NextAsync()).EventId);
    }

    [Fact]
    public async Task Earliest_replays_everything_retained_and_an_unknown_id_nothing()
    {
        var (topic, ids) = await PublishThreeAsync();

        await using var earliest = await SseClient.OpenAsync(_http, SubscribePath([topic]), lastEventId: "earliest");
        Assert.Equal("earliest", LastEventIdHeader(earliest));
        Assert.Equal(ids, (await earliest.NextAsync(3)).Select(item => item.EventId));

        await using var unknown = await SseClient.OpenAsync(_http, SubscribePath([topic]), lastEventId: "urn:never-published");
        Assert.Equal(ids[2], LastEventIdHeader(unknown));
        var live = await PublishOkAsync(_http, [("topic", topic), ("data", "live")]);
        Assert.Equal(live, (await unknown.NextAsync()).EventId);
    }

    [Fact]
    public async Task A_client_that_reconnects_with_more_selectors_gets_what_was_published_after_its_id_on_all_of_them()
    {
        var prefix = "more-" + Guid.NewGuid().ToString("N")[..8];
        var first = $"https://example.com/{prefix}/first";
        var second = $"https://example.com/{prefix}/second";

        // The two topics' common subtree keeps copies while someone reads it (here a template subscriber; within
        // Sse:HistoryMaxAge after, too): the reconnecting client reads that one feed.
        await using var reader = await SubscribeAsync(_http, $"https://example.com/{prefix}/{{name}}");
        var seen = await PublishOkAsync(_http, [("topic", first), ("data", "1")]);
        var onSecond = await PublishOkAsync(_http, [("topic", second), ("data", "2")]);
        var onFirst = await PublishOkAsync(_http, [("topic", first), ("data", "3")]);

        await using var resumed = await SseClient.OpenAsync(_http, SubscribePath([first, second]), lastEventId: seen);

        Assert.Equal([onSecond, onFirst], (await resumed.NextAsync(2)).Select(item => item.EventId));
    }

    private async Task<(string Topic, string[] Ids)> PublishThreeAsync()
    {
        var topic = Topic("replay");
        var ids = new string[3];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = await PublishOkAsync(_http, [("topic", topic), ("data", "event " + i)]);
        }

        return (topic, ids);
    }

    private static string? LastEventIdHeader(SseClient client) =>
        client.Response.Headers.TryGetValues("Last-Event-ID", out var values) ? values.Single() : null;
}
