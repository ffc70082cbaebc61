using SseOrleans.Abstractions;

namespace SseOrleans.Grains.Tests;

[Collection(ClusterCollectionDefinition.Name)]
public sealed class PublishCountFilterTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Publishes_reach_the_cluster_directory_counted_by_the_namespace_they_were_published_to()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var ns = "/published-" + Guid.NewGuid().ToString("N")[..8];
        await fixture.Client.PublishAsync(ns + "/child", "one");
        await fixture.Client.PublishAsync(ns + "/child", "two");
        await fixture.Client.PublishAsync(ns, "three");

        // The silos report once a second; nothing to await but the directory's view.
        var directory = fixture.Client.GetClusterDirectory();
        while (true)
        {
            var view = await directory.GetView(10_000).WaitAsync(timeout.Token);
            var counts = view.Namespaces.Where(n => n.Namespace.StartsWith(ns, StringComparison.Ordinal))
                .ToDictionary(n => n.Namespace, n => n.Published);
            if (counts.Count == 2 && counts[ns + "/child"] == 2 && counts[ns] == 1)
            {
                return;
            }

            Assert.True(counts.GetValueOrDefault(ns + "/child") <= 2 && counts.GetValueOrDefault(ns) <= 1, "counted too many");
            await Task.Delay(50, timeout.Token);
        }
    }
}
