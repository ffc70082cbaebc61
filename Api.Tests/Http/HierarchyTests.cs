using SseOrleans.Api.Tests.Infrastructure;
using SseOrleans.TestSupport;

namespace SseOrleans.Api.Tests.Http;

[Collection(ApiCollectionDefinition.Name)]
public sealed class HierarchyTests(ApiFixture fixture)
{
    private readonly HttpClient _http = fixture.Host.Http;

    [Fact]
    public async Task Each_subscriber_gets_exactly_the_events_of_its_namespace_and_below_in_order()
    {
        await using var root = await SseClient.OpenAsync(_http, "/subscribe/");
        await using var pets = await SseClient.OpenAsync(_http, "/subscribe/pets");
        await using var dogs = await SseClient.OpenAsync(_http, "/subscribe/pets/dogs");
        await using var kids = await SseClient.OpenAsync(_http, "/subscribe/kids");

        (string Path, string Event, string Data)[] published =
        [
            ("/pets/dogs", "new-dog", "Corgi"),
            ("/kids", "new-kid", "Alice"),
            ("/pets/cats/persian", "new-cat", "Snowball"),
            ("/petsfoo", "not-a-pet", "prefix of /pets but not in it"),
            ("/Pets", "not-a-pet", "namespaces are case-sensitive"),
            ("/pets", "pet-news", "line one\nline two"),
            ("/pets/dogs", "new-dog", "Beagle"),
        ];
        foreach (var (path, name, data) in published)
        {
            var answer = await _http.PostAsync($"/publish{path}?event={name}", new StringContent(data));
            Assert.Equal(System.Net.HttpStatusCode.Accepted, answer.StatusCode);
        }

        await AssertReceives(root, published);
        await AssertReceives(pets, published.Where(p => p.Path == "/pets" || p.Path.StartsWith("/pets/", StringComparison.Ordinal)));
        await AssertReceives(dogs, published.Where(p => p.Path == "/pets/dogs"));
        await AssertReceives(kids, published.Where(p => p.Path == "/kids"));
    }

    [Fact]
    public async Task The_bare_route_and_an_encoded_slash_name_the_same_namespaces()
    {
        await using var bare = await SseClient.OpenAsync(_http, "/subscribe");
        await using var encoded = await SseClient.OpenAsync(_http, "/subscribe/enc%2Fdeep");
        await using var unicode = await SseClient.OpenAsync(_http, "/subscribe/caf%C3%A9");

        await _http.PostAsync("/publish/enc/deep", new StringContent("via a real slash"));
        await _http.PostAsync("/publish/caf\u00e9", new StringContent("accent"));

        Assert.Equal("via a real slash", (await encoded.NextAsync()).Data);
        Assert.Equal("accent", (await unicode.NextAsync()).Data);
        Assert.Equal(["via a real slash", "accent"], (await bare.NextAsync(2)).Select(e => e.Data));
    }

    private static async Task AssertReceives(SseClient client, IEnumerable<(string Path, string Event, string Data)> expected)
    {
        var want = expected.ToList();
        var got = await client.NextAsync(want.Count);
        Assert.Equal(want.Select(e => (e.Event, e.Data)), got.Select(e => (e.EventType, e.Data)));

        var ids = got.Select(e => e.EventId).ToList();
        Assert.All(ids, id => Assert.False(string.IsNullOrEmpty(id)));
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.False(client.TryTakeAny(out var extra), $"unexpected event: {extra.Data}");
    }
}
