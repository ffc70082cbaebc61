using System.Collections.Concurrent;
using System.Globalization;
using SseOrleans.Abstractions;
using SseOrleans.Api.Tests.Infrastructure;
using SseOrleans.TestSupport;

namespace SseOrleans.Api.Tests.Http;

[Collection(ApiCollectionDefinition.Name)]
public sealed class ReplayTests(ApiFixture fixture)
{
    private readonly ApiHost _host = fixture.Host;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_client_with_a_last_event_id_gets_exactly_the_events_after_it_then_live_ones(bool asQuery)
    {
        var path = Unique();
        var ids = await _host.Orleans.PublishNumberedAsync(path, 5);

        await using var client = asQuery
            ? await SseClient.OpenAsync(_host.Http, $"/subscribe{path}?lastEventId={ids[1]}")
            : await SseClient.OpenAsync(_host.Http, "/subscribe" + path, lastEventId: ids[1].ToString());
        var live = await _host.Orleans.PublishAsync(path, "live");

        var received = await client.NextAsync(4);
        Assert.Equal([.. ids[2..], live], received.Select(e => SseEventId.TryParse(e.EventId, out var id) ? id : default));
        Assert.Equal(["2", "3", "4", "live"], received.Select(e => e.Data));
        Assert.False(client.TryTakeAny(out _));
    }

    [Fact]
    public async Task Clients_resuming_while_events_keep_coming_miss_nothing_and_get_nothing_twice()
    {
        const int Total = 300;
        var path = Unique();
        var ids = new ConcurrentDictionary<int, SseEventId>();
        var firstResumed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var publisher = Task.Run(async () =>
        {
            for (var i = 0; i < Total; i++)
            {
                // Halfway, wait for the first client: on a busy machine the publisher could otherwise
                // finish before any client has resumed, and the test would test nothing.
                if (i == Total / 2)
                {
                    await firstResumed.Task.WaitAsync(SseClient.Timeout);
                }

                ids[i] = await _host.Orleans.PublishAsync(path, i.ToString(CultureInfo.InvariantCulture));
            }
        });

        var resumed = new List<(int After, SseClient Client)>();
        var resumedWhilePublishing = 0;
        foreach (var after in new[] { 20, 60, 100, 140, 180 })
        {
            await Eventually.EqualAsync(true, () => Task.FromResult(ids.ContainsKey(after)));
            resumed.Add((after, await SseClient.OpenAsync(_host.Http, "/subscribe" + path, ids[after].ToString())));
            resumedWhilePublishing += publisher.IsCompleted ? 0 : 1;
            firstResumed.TrySetResult();
        }

        await publisher;
        Assert.True(resumedWhilePublishing > 0, "no client resumed while events were still being published");
        foreach (var (after, client) in resumed)
        {
            var expected = Enumerable.Range(after + 1, Total - after - 1).Select(i => i.ToString(CultureInfo.InvariantCulture));
            Assert.Equal(expected, (await client.NextAsync(Total - after - 1)).Select(e => e.Data));
            Assert.False(client.TryTakeAny(out var extra), $"duplicate or extra event {extra.Data} after {after}");
            await client.DisposeAsync();
        }
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("1-1")]
    [InlineData("x%0Adata:%20injected")]
    public async Task An_unknown_id_replays_everything_retained_and_says_so(string lastEventId)
    {
        var path = Unique();
        await _host.Orleans.PublishNumberedAsync(path, 2);

        using var response = await _host.Http.GetAsync($"/subscribe{path}?lastEventId={lastEventId}", HttpCompletionOption.ResponseHeadersRead);
        var text = await StreamText.ReadUntilAsync(await response.Content.ReadAsStreamAsync(), "data: 1\n\n");

        Assert.Contains($"is not in the current history of {path}; replaying the 2 retained\n", text, StringComparison.Ordinal);
        Assert.Contains("data: 0\n\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("injected", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_id_older_than_the_history_replays_what_is_retained_and_says_it_is_truncated()
    {
        var path = Unique();
        var ids = await _host.Orleans.PublishNumberedAsync(path, ApiFixture.HistorySize + 5);

        using var response = await _host.Http.GetAsync($"/subscribe{path}?lastEventId={ids[0]}", HttpCompletionOption.ResponseHeadersRead);
        var last = ApiFixture.HistorySize + 4;
        var text = await StreamText.ReadUntilAsync(await response.Content.ReadAsStreamAsync(), $"data: {last}\n\n");

        Assert.Contains($": replay truncated: events after {ids[0]} are no longer all retained; replaying the {ApiFixture.HistorySize} retained\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("data: 4\n", text, StringComparison.Ordinal);
        Assert.Contains("data: 5\n", text, StringComparison.Ordinal);
    }

    private static string Unique() => TestNamespace.Unique("/replay-");
}
