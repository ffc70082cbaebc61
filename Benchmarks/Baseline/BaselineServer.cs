using System.Net;
using System.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SseOrleans.Abstractions;
using SseOrleans.FrontEnd.FanOut;

namespace SseOrleans.Benchmarks.Baseline;

/// <summary>
/// <c>baseline</c>: bare Kestrel serving the load tool's subset of the Api on FrontEnd's write path
/// (<see cref="SseConnection"/>, <see cref="FlushScheduler"/>, <c>EncodedBatch</c>) with no Orleans, so that
/// every figure can be read as a ratio to what the write path alone achieves in the same run.
/// </summary>
internal static class BaselineServer
{
    public const string DefaultUrls = "http://127.0.0.1:8102";

    public const string Help = """
        baseline [--urls URL[;URL]] [--Sse:Key=Value ...]
          Bare Kestrel, no Orleans: GET /subscribe/{namespace}, POST /publish/{namespace}, GET /alive.
          --urls      loopback addresses only                               http://127.0.0.1:8102
          --Sse:...   the Api's Sse options; the write path reads FlushInterval, KeepAliveInterval,
                      RetryInterval, ConnectionBufferSize and MaxMessageBytes (the limits are not enforced)
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        if (args is ["--help"] or ["-h"])
        {
            Console.Error.WriteLine(Help);
            return 0;
        }

        var builder = WebApplication.CreateSlimBuilder(args);
        var urls = builder.Configuration["urls"] ?? DefaultUrls;
        var refusal = builder.Configuration.GetSection("Kestrel:Endpoints").Exists()
            ? "Kestrel:Endpoints is not supported; use --urls"
            : NotLoopback(urls);
        if (refusal is not null)
        {
            Console.Error.WriteLine($"baseline: {refusal}");
            Console.Error.WriteLine(Help);
            return 2;
        }

        builder.WebHost.UseUrls(urls);

        // As in the Api: sends run on the flushing thread (see Api/Program.cs). Kestrel's limits are its
        // defaults in both.
        builder.WebHost.UseSockets(sockets => sockets.UnsafePreferInlineScheduling = true);

        // As the Api's appsettings.json has it for Microsoft.AspNetCore: no log line per request.
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var services = builder.Services;
        services.AddSseOptions();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<FlushScheduler>();
        services.AddHostedService(provider => provider.GetRequiredService<FlushScheduler>());
        services.AddSingleton<BaselineHub>();
        services.AddHostedService<BaselineKeepAlive>();

        await using var app = builder.Build();
        app.MapBaseline();

        // Before Kestrel stops: ended streams let it stop without waiting for its shutdown timeout.
        var hub = app.Services.GetRequiredService<BaselineHub>();
        app.Lifetime.ApplicationStopping.Register(hub.CloseAll);
        app.Lifetime.ApplicationStarted.Register(() => Console.Error.WriteLine(
            $"baseline: listening on {urls}; {Environment.ProcessorCount} processor(s), server GC {GCSettings.IsServerGC}, GC latency mode {GCSettings.LatencyMode}"));
        await app.RunAsync();
        return 0;
    }

    /// <summary>Why <paramref name="urls"/> is refused (an address that is not loopback), or null.</summary>
    private static string? NotLoopback(string urls)
    {
        foreach (var url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp)
            {
                return $"{url}: not an http:// URL with a loopback host";
            }

            var host = uri.Host.Trim('[', ']');
            if (host != "localhost" && !(IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address)))
            {
                return $"{url}: the baseline binds loopback addresses only";
            }
        }

        return null;
    }
}
