using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using SseOrleans.TestSupport;

namespace SseOrleans.Cluster.Tests;

/// <summary>
/// Mercure presence across front-ends: a subscription on one front-end is announced to a watcher on the other, and
/// when its front-end is killed (no clean close, nothing said) the cluster announces it ended once the front-end's
/// lease has run out, and the subscriptions API no longer lists it.
/// </summary>
[Collection(PresenceCollectionDefinition.Name)]
public sealed class ClusterPresenceTests(PresenceClusterFixture fixture)
{
    private const string Watch = "/.well-known/mercure/subscriptions/{topic}/{subscriber}";
    private readonly SseCluster _cluster = fixture.Host;

    [Fact]
    public async Task A_killed_front_end_has_its_subscriptions_announced_ended_on_the_other_front_end()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var topic = "https://example.com/books/" + Guid.NewGuid().ToString("N")[..12];
        var watcherToken = Token(["/.well-known/mercure/subscriptions{/topic}{/subscriber}", Watch]);
        await using var watcher = await SseClient.OpenAsync(
            _cluster.Api1, "/.well-known/mercure?topic=" + Uri.EscapeDataString(Watch) + "&authorization=" + watcherToken, cancellationToken: timeout.Token);
        var subscriber = await SseClient.OpenAsync(
            _cluster.Api2, "/.well-known/mercure?topic=" + Uri.EscapeDataString(topic) + "&authorization=" + Token([topic]), cancellationToken: timeout.Token);

        var started = await NextOfAsync(watcher, topic, timeout.Token);
        Assert.True(started.GetProperty("active").GetBoolean());
        var id = started.GetProperty("id").GetString()!;
        using (var listed = await GetAsync(id, watcherToken, timeout.Token))
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, listed.StatusCode);
        }

        _cluster.Kill(ClusterNode.FrontEnd2);
        var ended = await NextOfAsync(watcher, topic, timeout.Token);
        Assert.Equal(id, ended.GetProperty("id").GetString());
        Assert.False(ended.GetProperty("active").GetBoolean());
        using var gone = await GetAsync(id, watcherToken, timeout.Token);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, gone.StatusCode);
        await subscriber.DisposeAsync();
    }

    // The watcher sees its own subscription too: the next event about a subscription to this topic.
    private static async Task<JsonElement> NextOfAsync(SseClient watcher, string topic, CancellationToken cancellationToken)
    {
        var item = await watcher.NextMatchingAsync(item => item.Data.Contains(JsonEncodedText.Encode(topic).ToString(), StringComparison.Ordinal), cancellationToken);
        using var document = JsonDocument.Parse(item.Data);
        return document.RootElement.Clone();
    }

    private async Task<HttpResponseMessage> GetAsync(string path, string token, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return await _cluster.Api1.SendAsync(request, cancellationToken);
    }

    // An HS256 JWT with a mercure.subscribe claim, as a backend mints it (no JWT library in this project).
    private static string Token(string[] subscribe)
    {
        var header = Base64Url("""{"alg":"HS256","typ":"JWT"}"""u8);
        var claims = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["mercure"] = new Dictionary<string, object> { ["subscribe"] = subscribe },
            ["exp"] = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds(),
        });
        var payload = Base64Url(Encoding.UTF8.GetBytes(claims));
        var signature = HMACSHA256.HashData(Encoding.UTF8.GetBytes(PresenceClusterFixture.SigningKey), Encoding.ASCII.GetBytes(header + "." + payload));
        return header + "." + payload + "." + Base64Url(signature);
    }

    private static string Base64Url(ReadOnlySpan<byte> bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
