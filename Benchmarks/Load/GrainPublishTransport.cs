using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SseOrleans.Abstractions;

namespace SseOrleans.Benchmarks.Load;

/// <summary>
/// <c>--publish grain</c>: an Orleans client of the Api's embedded silo (localhost clustering, its gateway
/// port, ServiceId and ClusterId) that publishes with <c>client.PublishAsync</c>, as a .NET publisher
/// would, so the HTTP front door's share of a publish can be read off beside <c>publish1</c>.
/// </summary>
internal sealed class GrainPublishTransport : IPublishTransport
{
    private readonly IHost _host;
    private readonly IClusterClient _client;
    private readonly string[] _leafPaths;

    private GrainPublishTransport(IHost host, NamespaceTree tree)
    {
        _host = host;
        _client = host.Services.GetRequiredService<IClusterClient>();
        _leafPaths = new string[tree.LeafCount];
        for (var leaf = 0; leaf < _leafPaths.Length; leaf++)
        {
            _leafPaths[leaf] = tree.LeafPath(leaf);
        }
    }

    /// <summary>Starts the client; it fails when no gateway answers on 127.0.0.1:<c>--gateway-port</c>.</summary>
    public static async Task<GrainPublishTransport> ConnectAsync(LoadOptions options, NamespaceTree tree, CancellationToken stop)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });

        // Warnings only, and to stderr: stdout carries nothing but the RESULT line.
        builder.Logging.SetMinimumLevel(LogLevel.Warning)
            .AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.UseOrleansClient(client => client.UseLocalhostClustering(options.GatewayPort, options.ServiceId, options.ClusterId));
        var host = builder.Build();
        Console.Error.WriteLine($"connecting the grain client to gateway 127.0.0.1:{options.GatewayPort} ({options.ServiceId}/{options.ClusterId})");
        try
        {
            await host.StartAsync(stop);
        }
        catch
        {
            host.Dispose();
            throw;
        }

        return new GrainPublishTransport(host, tree);
    }

    public async Task<string?> SendAsync(int leaf, byte[] payload, int length, CancellationToken stop)
    {
        // The grain takes a string: one per publish here, as for any .NET publisher.
        var data = Encoding.UTF8.GetString(payload, 0, length);
        try
        {
            await _client.PublishAsync(_leafPaths[leaf], data).WaitAsync(stop);
            return null;
        }
        catch (Exception exception) when (!stop.IsCancellationRequested)
        {
            return $"{exception.GetType().Name}: {exception.Message.Split('\n')[0]}";
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _host.StopAsync(TimeSpan.FromSeconds(5));
        }
        finally
        {
            _host.Dispose();
        }
    }
}
