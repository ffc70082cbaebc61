using System.Net;
using System.Net.Http.Json;
using SseOrleans.Abstractions;
using SseOrleans.Api.Tests.Infrastructure;
using SseOrleans.TestSupport;

namespace SseOrleans.Api.Tests.Http;

/// <summary>
/// An Api whose namespace histories are in a redis-server of the test's own, which the test pauses (SIGSTOP), as
/// a Redis stalled by a slow disk, a swap storm or a long command would be: what is answered during the stall
/// holds once Redis resumes.
/// </summary>
public sealed class RedisStallTests
{
    [Fact]
    public async Task A_publish_answered_503_while_Redis_is_paused_is_not_appended_when_it_resumes()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var api = StartApi(redis);
        var before = await PublishAsync(api.Http, "before");

        redis.Pause();
        HttpStatusCode stalled;
        try
        {
            using var response = await api.Http.PostAsync("/publish/stall", new StringContent("stalled"));
            stalled = response.StatusCode;
        }
        finally
        {
            redis.Resume();
        }

        var after = await PublishAsync(api.Http, "after");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, stalled);
        Assert.Equal(before with { Sequence = before.Sequence + 1 }, after);
        await using var replay = await SseClient.OpenAsync(api.Http, "/subscribe/stall", lastEventId: before.ToString());
        var replayed = await replay.NextAsync();
        Assert.Equal((after.ToString(), "after"), (replayed.EventId, replayed.Data));
        var history = await api.Orleans.GetNamespace("/stall").GetEventsAfter(default, int.MaxValue);
        Assert.Equal(["before", "after"], history.Events.Select(e => e.Data));
    }

    // The connection times out after 2 s (RedisServer's connection string); a publish is retried for 3 s.
    private static ApiHost StartApi(RedisServer redis) => new(new Dictionary<string, string?>
    {
        ["Sse:History:ProviderType"] = "Redis",
        ["Sse:History:ServiceKey"] = "redis",
        ["ConnectionStrings:redis"] = redis.ConnectionString,
        ["Sse:PublishRetryTimeout"] = "00:00:03",
    });

    private static async Task<SseEventId> PublishAsync(HttpClient http, string data)
    {
        using var response = await http.PostAsync("/publish/stall", new StringContent(data));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var answer = await response.Content.ReadFromJsonAsync<Dictionary<string, string>>();
        Assert.True(SseEventId.TryParse(answer!["id"], out var id));
        return id;
    }
}
