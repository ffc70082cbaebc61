using System.Net;
using SseOrleans.Api.Tests.Infrastructure;
using SseOrleans.TestSupport;
using static SseOrleans.Api.Tests.Mercure.Hub.HubRequests;

namespace SseOrleans.Api.Tests.Mercure.Hub;

/// <summary>
/// The hub on the default Api (loopback publishes, anonymous subscribers for public updates), read by an
/// independent parser (the BCL's <c>SseParser</c>): publishes as Symfony sends them, each selector kind, an update
/// with several matching topics arriving once, and the refusals.
/// </summary>
[Collection(ApiCollectionDefinition.Name)]
public sealed class HubPublishSubscribeTests(ApiFixture fixture)
{
    private readonly HttpClient _http = fixture.Host.Http;

    [Fact]
    public async Task A_form_publish_as_symfony_sends_it_is_answered_200_with_its_id_and_delivered_with_every_field()
    {
        var topic = Topic();
        await using var subscriber = await SubscribeAsync(_http, topic);
        var cache = subscriber.Response.Headers.CacheControl!;
        Assert.True(cache.Private && cache.NoCache && cache.NoStore && cache.MustRevalidate && cache.MaxAge == TimeSpan.Zero, cache.ToString());
        Assert.Equal("text/event-stream", subscriber.Response.Content.Headers.ContentType!.MediaType);

        using var response = await PublishAsync(_http, [("topic", topic), ("topic", Topic("alternate")), ("data", " leading space\n\nafter a blank line"), ("id", "urn:example:1"), ("type", "book-updated"), ("retry", "2500")]);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("urn:example:1", await response.Content.ReadAsStringAsync());

        var item = await subscriber.NextAsync();
        Assert.Equal(("urn:example:1", "book-updated", " leading space\n\nafter a blank line", TimeSpan.FromMilliseconds(2500)), (item.EventId, item.EventType, item.Data, item.ReconnectionInterval));
    }

    [Fact]
    public async Task An_update_without_an_id_gets_a_urn_uuid_that_is_also_its_sse_id()
    {
        var topic = Topic();
        await using var subscriber = await SubscribeAsync(_http, topic);

        var id = await PublishOkAsync(_http, [("topic", topic), ("data", "x")]);

        Assert.Matches("^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$", id);
        var item = await subscriber.NextAsync();
        Assert.Equal((id, "message"), (item.EventId, item.EventType));
    }

    [Fact]
    public async Task Exact_star_and_template_selectors_each_receive_what_they_match_and_nothing_else()
    {
        var prefix = "shelf-" + Guid.NewGuid().ToString("N")[..8];
        var book = $"https://example.com/{prefix}/books/1";
        var other = $"https://example.com/{prefix}/authors/1";
        await using var exact = await SubscribeAsync(_http, book);
        await using var template = await SubscribeAsync(_http, $"https://example.com/{prefix}/books/{{id}}");
        await using var everything = await SubscribeAsync(_http, "*");

        await PublishOkAsync(_http, [("topic", other), ("data", "author"), ("id", prefix + "-a")]);
        await PublishOkAsync(_http, [("topic", book), ("data", "book"), ("id", prefix + "-b")]);

        Assert.Equal(prefix + "-b", (await exact.NextAsync()).EventId);
        Assert.Equal(prefix + "-b", (await template.NextAsync()).EventId);
        Assert.Equal(prefix + "-a", (await everything.NextMatchingAsync(item => item.EventId?.StartsWith(prefix, StringComparison.Ordinal) == true)).EventId);
        Assert.Equal(prefix + "-b", (await everything.NextMatchingAsync(item => item.EventId?.StartsWith(prefix, StringComparison.Ordinal) == true)).EventId);
    }

    [Fact]
    public async Task An_update_whose_two_topics_both_match_arrives_once()
    {
        var prefix = "pair-" + Guid.NewGuid().ToString("N")[..8];
        await using var subscriber = await SubscribeAsync(_http, $"https://example.com/{prefix}/a", $"https://example.com/{prefix}/{{x}}");

        await PublishOkAsync(_http, [("topic", $"https://example.com/{prefix}/a"), ("topic", $"https://example.com/{prefix}/b"), ("data", "both"), ("id", prefix + "-1")]);
        await PublishOkAsync(_http, [("topic", $"https://example.com/{prefix}/b"), ("data", "marker"), ("id", prefix + "-2")]);

        Assert.Equal([prefix + "-1", prefix + "-2"], (await subscriber.NextAsync(2)).Select(item => item.EventId));
        Assert.Empty(subscriber.DuplicateIds);
    }

    [Fact]
    public async Task Refusals_say_why_and_publish_nothing()
    {
        var topic = Topic();
        await using var subscriber = await SubscribeAsync(_http, topic);

        using var notForm = await _http.PostAsync(HubPath, new StringContent("topic=" + topic));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, notForm.StatusCode);
        using var hashId = await PublishAsync(_http, [("topic", topic), ("data", "x"), ("id", "#fragment")]);
        Assert.Equal(HttpStatusCode.BadRequest, hashId.StatusCode);
        Assert.Contains("id", await hashId.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var noTopic = await PublishAsync(_http, [("data", "x")]);
        Assert.Equal(HttpStatusCode.BadRequest, noTopic.StatusCode);
        using var reserved = await PublishAsync(_http, [("topic", "https://example.com/.well-known/mercure/subscriptions/x"), ("data", "x")]);
        Assert.Equal(HttpStatusCode.Forbidden, reserved.StatusCode);
        using var noSelector = await SseClient.SendAsync(_http, HubPath);
        Assert.Equal(HttpStatusCode.BadRequest, noSelector.StatusCode);
        using var put = await _http.PutAsync(HubPath, new StringContent(string.Empty));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, put.StatusCode);

        await PublishOkAsync(_http, [("topic", topic), ("data", "accepted"), ("id", "after-refusals")]);
        Assert.Equal("after-refusals", (await subscriber.NextAsync()).EventId);
    }
}
