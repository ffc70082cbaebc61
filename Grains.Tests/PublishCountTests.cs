using SseOrleans.Abstractions;
using SseOrleans.TestSupport;

namespace SseOrleans.Grains.Tests;

[Collection(ClusterCollectionDefinition.Name)]
public sealed class PublishCountTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Publishes_reach_the_cluster_directory_counted_by_the_namespace_they_were_published_to()
    {
        var ns = TestNamespace.Unique("/published-");
        await fixture.Client.PublishAsync(ns + "/child", "one");
        await fixture.Client.PublishAsync(ns + "/child", "two");
        await fixture.Client.PublishAsync(ns, "three");

        // The silos report once a second; nothing to await but the directory's view.
        var directory = fixture.Client.GetClusterDirectory();
        await Eventually.MatchAsync(
            async cancellationToken =>
            {
                var view = await directory.GetView(10_000).WaitAsync(cancellationToken);
                var counts = view.Namespaces.Where(n => n.Namespace.StartsWith(ns, StringComparison.Ordinal))
                    .ToDictionary(n => n.Namespace, n => n.Published);
                return (Child: counts.GetValueOrDefault(ns + "/child"), Parent: counts.GetValueOrDefault(ns), Namespaces: counts.Count);
            },
            counts =>
            {
                Assert.True(counts.Child <= 2 && counts.Parent <= 1, "counted too many");
                return counts == (2, 1, 2);
            },
            "2 publishes counted for the child and 1 for the parent",
            TimeSpan.FromSeconds(20));
    }
}
