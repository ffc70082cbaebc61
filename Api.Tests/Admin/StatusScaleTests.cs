using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using SseOrleans.Api.Tests.Infrastructure;
using SseOrleans.FrontEnd.Admin;
using SseOrleans.FrontEnd.FanOut;
using SseOrleans.TestSupport;

namespace SseOrleans.Api.Tests.Admin;

[Collection(AdminCollectionDefinition.Name)]
public sealed class StatusScaleTests(AdminFixture fixture)
{
    private const int Connections = 20_000;

    // What one attach or one status request may take on a busy machine; the whole has no deadline.
    private static readonly TimeSpan PerCall = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task With_20000_connections_status_lists_the_limit_or_at_most_the_maximum_and_counts_them_all()
    {
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
                await hub.SubscribeAsync(connection).WaitAsync(PerCall);
            }

            var status = await StatusAsync(string.Empty);

            Assert.True(status.GetProperty("connections_total").GetInt32() >= Connections);
            Assert.Equal(100, status.GetProperty("connections").GetArrayLength());
            var bounded = await StatusAsync("?limit=10");
            Assert.Equal(10, bounded.GetProperty("connections").GetArrayLength());

            // A limit above the maximum (even one too large for an int) is taken as the maximum.
            foreach (var tooLarge in new[] { StatusReportBuilder.MaxLimit + 1L, 99_999_999_999L })
            {
                var clamped = await StatusAsync("?limit=" + tooLarge.ToString(CultureInfo.InvariantCulture));
                Assert.Equal(StatusReportBuilder.MaxLimit, clamped.GetProperty("connections").GetArrayLength());
            }

            var one = await StatusAsync(AdminStatus.Query(prefix + "/7"));
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

    private async Task<System.Text.Json.JsonElement> StatusAsync(string query)
    {
        using var timeout = new CancellationTokenSource(PerCall);
        return await AdminStatus.GetAsync(fixture.Host.Http, query, timeout.Token);
    }
}
