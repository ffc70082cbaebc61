using System.Diagnostics.Metrics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using SseOrleans.Abstractions;
using SseOrleans.Api.Tests.Infrastructure;
using SseOrleans.FrontEnd.FanOut;
using SseOrleans.FrontEnd.Telemetry;
using SseOrleans.TestSupport;

namespace SseOrleans.Api.Tests.Http;

[Collection(ApiCollectionDefinition.Name)]
public sealed class SlowConsumerTests(ApiFixture fixture)
{
    [Fact]
    public async Task A_reader_that_stalls_is_cut_off_while_a_live_reader_beside_it_gets_every_event()
    {
        const string Path = "/slow";
        const int Events = 1500; // 12 MB: more than the kernel's socket buffers, Kestrel's and ours together
        var host = fixture.Host;
        var hub = host.Services.GetRequiredService<FanOutHub>();
        using var drops = new DroppedClients(host.Services.GetRequiredService<IMeterFactory>());

        using var stalled = await OpenStalledAsync(host.BaseAddress, Path);
        await using var live = await SseClient.OpenAsync(host.Http, "/subscribe" + Path);
        await Eventually.EqualAsync(2, () => Task.FromResult(hub.SubscriberCounts().GetValueOrDefault(Path)));

        // The publisher stays at most 50 events (400 KB) ahead of the live reader, well inside its
        // buffer, so only the stalled reader can fall behind: what is tested is that it alone is cut.
        using var window = new SemaphoreSlim(50);
        var payload = new string('x', 8000);
        var publishing = Task.Run(async () =>
        {
            for (var i = 0; i < Events; i++)
            {
                await window.WaitAsync();
                await host.Orleans.PublishAsync(Path, i.ToString(CultureInfo.InvariantCulture) + " " + payload);
            }
        });

        for (var i = 0; i < Events; i++)
        {
            var item = await live.NextAsync();
            window.Release();
            Assert.StartsWith(i.ToString(CultureInfo.InvariantCulture) + " ", item.Data, StringComparison.Ordinal);
        }

        await publishing;
        Assert.Equal(Events, Assert.Single(hub.Connections(), c => c.Namespace == Path).EventsSent);

        // Cut off for falling behind (the end reason the front-end records as sse.clients.dropped), not
        // for any other: one drop, and the stalled reader's connection is the one gone.
        await Eventually.EqualAsync(1L, () => Task.FromResult(drops.Total));
        Assert.Equal(1, hub.SubscriberCounts().GetValueOrDefault(Path));
    }

    /// <summary>The <c>sse.clients.dropped</c> measurements of one host's meter (others in the process have their own).</summary>
    private sealed class DroppedClients : IDisposable
    {
        private readonly MeterListener _listener = new();
        private long _total;

        public DroppedClients(IMeterFactory factory)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == SseTelemetry.MeterName && instrument.Name == "sse.clients.dropped" && ReferenceEquals(instrument.Meter.Scope, factory))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref _total, value));
            _listener.Start();
        }

        public long Total => Interlocked.Read(ref _total);

        public void Dispose() => _listener.Dispose();
    }

    /// <summary>A subscriber with a tiny receive window that never reads a byte.</summary>
    private static async Task<Socket> OpenStalledAsync(Uri baseAddress, string path)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096 };
        await socket.ConnectAsync(IPAddress.Loopback, baseAddress.Port);
        var request = $"GET /subscribe{path} HTTP/1.1\r\nHost: {baseAddress.Authority}\r\nAccept: text/event-stream\r\n\r\n";
        await socket.SendAsync(Encoding.ASCII.GetBytes(request));
        return socket;
    }
}
