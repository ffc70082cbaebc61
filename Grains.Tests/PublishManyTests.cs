using SseOrleans.Abstractions;
using SseOrleans.TestSupport;

namespace SseOrleans.Grains.Tests;

[Collection(ClusterCollectionDefinition.Name)]
public sealed class PublishManyTests(ClusterFixture fixture)
{
    private readonly IClusterClient _client = fixture.Client;

    [Fact]
    public async Task Each_publish_of_a_call_has_its_own_outcome_and_an_invalid_one_fails_alone()
    {
        var path = TestNamespace.Unique("/publish-many-");
        var items = new[]
        {
            new PublishItem(path, new SseEvent(null, "first"), Guid.NewGuid()),
            new PublishItem("not/normalized", new SseEvent(null, "refused"), Guid.NewGuid()),
            new PublishItem(path, new SseEvent("named", "second"), Guid.NewGuid()),
        };

        var outcomes = await _client.GetPublisher().PublishMany(items);

        Assert.Equal(3, outcomes.Length);
        Assert.Null(outcomes[0].Failure);
        Assert.IsType<ArgumentException>(outcomes[1].Failure, exactMatch: false);
        Assert.Null(outcomes[2].Failure);
        var replay = await _client.GetNamespace(path).GetEventsAfter(default, int.MaxValue);
        Assert.Equal([(outcomes[0].Id, "first"), (outcomes[2].Id, "second")], replay.Events.Select(e => (e.Id, e.Data)));
    }

    [Fact]
    public async Task A_publish_repeated_within_one_call_under_its_publish_id_is_appended_once()
    {
        var path = TestNamespace.Unique("/publish-many-");
        var publishId = Guid.NewGuid();
        var item = new PublishItem(path, new SseEvent(null, "once"), publishId);

        var outcomes = await _client.GetPublisher().PublishMany([item, item]);

        Assert.Equal(outcomes[0].Id, outcomes[1].Id);
        Assert.Single((await _client.GetNamespace(path).GetEventsAfter(default, int.MaxValue)).Events);
    }
}
