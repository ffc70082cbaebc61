using System.Net;
using System.Net.Http.Json;
using SseOrleans.Abstractions;
using SseOrleans.Api.Tests.Infrastructure;
using SseOrleans.TestSupport;

namespace SseOrleans.Api.Tests.Http;

/// <summary>
/// An Api whose namespace histories are in a redis-server of the test's own, which the test pauses (SIGSTOP), as
/// a Redis stalled by a slow disk, a swap storm or a long command would be: what needs Redis is answered
/// promptly (a new namespace's first subscription, a replay: 503 with Retry-After), what does not is served (a
/// subscription to a namespace this front-end already has), and what is answered during the stall holds once
/// Redis resumes.
/// </summary>
public sealed class RedisStallTests
{
    // How long a client waits for its answer while Redis is paused: before Sse:History:ReadTimeout, a new
    // subscription waited 5 s (the connection's timeout and Sse:InterestTimeout) for its 503.
    private static readonly TimeSpan Prompt = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task A_publish_answered_503_while_Redis_is_paused_is_not_appended_when_it_resumes()
    {
        await using var redis = await RedisServer.StartAsync();
        // The connection times out after 2 s (RedisServer's connection string); a publish is retried for 3 s.
        await using var api = StartApi(redis.ConnectionString);
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

    [Fact]
    public async Task The_first_subscription_of_a_namespace_while_Redis_is_paused_is_answered_503_promptly_and_subscribes_once_it_resumes()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var api = StartApi(redis.Address + ",abortConnect=false");
        await PublishAsync(api.Http, "/publish/first", "warm");

        redis.Pause();
        try
        {
            await AssertPromptlyUnavailableAsync(api.Http, "/subscribe/first", lastEventId: null);
            await AssertPromptlyUnavailableAsync(api.Http, "/subscribe/first", lastEventId: "1-1");
        }
        finally
        {
            redis.Resume();
        }

        await using var subscriber = await SseClient.OpenAsync(api.Http, "/subscribe/first");
        var after = await PublishAsync(api.Http, "/publish/first", "after");
        var received = await subscriber.NextAsync();
        Assert.Equal((after.ToString(), "after"), (received.EventId, received.Data));
    }

    [Fact]
    public async Task While_Redis_is_paused_a_subscription_joins_a_namespace_this_front_end_has_at_once_and_a_replay_is_answered_503_promptly()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var api = StartApi(redis.Address + ",abortConnect=false");
        await using var first = await SseClient.OpenAsync(api.Http, "/subscribe/held");
        var before = await PublishAsync(api.Http, "/publish/held", "before");
        Assert.Equal(before.ToString(), (await first.NextAsync()).EventId);

        SseClient joined;
        redis.Pause();
        try
        {
            using (var prompt = new CancellationTokenSource(Prompt))
            {
                joined = await SseClient.OpenAsync(api.Http, "/subscribe/held", cancellationToken: prompt.Token);
            }

            await AssertPromptlyUnavailableAsync(api.Http, "/subscribe/held", before.ToString());
        }
        finally
        {
            redis.Resume();
        }

        await using (joined)
        {
            var after = await PublishAsync(api.Http, "/publish/held", "after");
            var received = await joined.NextAsync();
            Assert.Equal((after.ToString(), "after"), (received.EventId, received.Data));
        }
    }

    // The Redis connection's own timeouts are the defaults (5 s), as in production: what answers sooner is ours.
    private static ApiHost StartApi(string redis) => new(new Dictionary<string, string?>
    {
        ["Sse:History:ProviderType"] = "Redis",
        ["Sse:History:ServiceKey"] = "redis",
        ["ConnectionStrings:redis"] = redis,
        ["Sse:PublishRetryTimeout"] = "00:00:03",
    });

    private static async Task AssertPromptlyUnavailableAsync(HttpClient http, string path, string? lastEventId)
    {
        using var prompt = new CancellationTokenSource(Prompt);
        using var response = await SseClient.SendAsync(http, path, lastEventId, cancellationToken: prompt.Token);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("5", response.Headers.RetryAfter?.ToString());
    }

    private static Task<SseEventId> PublishAsync(HttpClient http, string data) => PublishAsync(http, "/publish/stall", data);

    private static async Task<SseEventId> PublishAsync(HttpClient http, string path, string data)
    {
        using var response = await http.PostAsync(path, new StringContent(data));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var answer = await response.Content.ReadFromJsonAsync<Dictionary<string, string>>();
        Assert.True(SseEventId.TryParse(answer!["id"], out var id));
        return id;
    }
}
