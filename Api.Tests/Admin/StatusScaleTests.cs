using Microsoft.Extensions.DependencyInjection;
using SseOrleans.Api.Tests.Infrastructure;
using SseOrleans.FrontEnd.FanOut;
using SseOrleans.TestSupport;

namespace SseOrleans.Api.Tests.Admin;

[Collection(AdminCollectionDefinition.Name)]
public sealed class StatusScaleTests(AdminFixture fixture)
{
    private const int Connections = 20_000;

    [Fact]
    public async Task With_20000_connections_status_lists_the_limit_and_counts_them_all()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var hub = fixture.Host.Services.GetRequiredService<FanOutHub>();
        var scheduler = fixture.Host.Services.GetRequiredService<FlushScheduler>();
        var prefix = TestNamespace.Unique("/scale/");
        var connections = new List<SseConnection>(Connections);
        try
        {
            // Attached straight to the hub (as the subscribe endpoint does) without 20,000 sockets.
            for (var i = 0; i < Connections; i++)
            {
                var connection = new SseConnection($"{prefix}/{i % 100}", $"/subscribe{prefix}/{i % 100}", "10.0.0.1", "scale", 1024 * 1024, scheduler, TimeProvider.System);
                Assert.Null(hub.TryAttach(connection));
                connections.Add(connection);
                await hub.SubscribeAsync(connection).WaitAsync(timeout.Token);
            }

            var status = await AdminStatus.GetAsync(fixture.Host.Http, string.Empty, timeout.Token);

            Assert.True(status.GetProperty("connections_total").GetInt32() >= Connections);
            Assert.Equal(100, status.GetProperty("connections").GetArrayLength());
            var bounded = await AdminStatus.GetAsync(fixture.Host.Http, "?limit=10", timeout.Token);
            Assert.Equal(10, bounded.GetProperty("connections").GetArrayLength());
            var one = await AdminStatus.GetAsync(fixture.Host.Http, AdminStatus.Query(prefix + "/7"), timeout.Token);
            Assert.Equal(Connections / 100, one.GetProperty("connections_matched").GetInt32());
            Assert.True(one.GetProperty("connections_total").GetInt32() >= Connections);
        }
        finally
        {
            foreach (var connection in connections)
            {
                await hub.DetachAsync(connection);
            }
        }
    }
}
