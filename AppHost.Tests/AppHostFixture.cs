using System.Globalization;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using SseOrleans.TestSupport;

namespace SseOrleans.AppHost.Tests;

/// <summary>
/// The real AppHost under <see cref="DistributedApplicationTestingBuilder"/>, started once for the
/// collection: DCP, Redis (chosen as <c>dotnet run</c> would choose it), two silos, two front-ends, the
/// SamplePublisher and the dashboard, with the publish and admin keys given as parameters. Ready when
/// every replica of every resource is running and healthy.
/// </summary>
public sealed class AppHostFixture : IAsyncLifetime
{
    public const int Replicas = 2;

    /// <summary>Generous: on a shared 2-core machine the whole cluster took ~40 s to become healthy.</summary>
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(4);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromMinutes(1);

    private static readonly Dictionary<string, int> Expected = new(StringComparer.Ordinal)
    {
        ["redis"] = 1,
        ["silo"] = Replicas,
        ["api"] = Replicas,
        ["publisher"] = 1,
    };

    private DistributedApplication? _app;
    private bool _stopped;
    private IDisposable? _turn;

    public string PublishKey { get; } = "publish-" + Guid.NewGuid().ToString("N");

    public string AdminKey { get; } = "admin-" + Guid.NewGuid().ToString("N");

    /// <summary>Each front-end replica on its own port (the target port Aspire allocated for it), not through Aspire's proxy.</summary>
    public IReadOnlyList<HttpClient> Api { get; private set; } = [];

    /// <summary>Each silo replica's HTTP endpoint (for <c>/health</c>), by its own port.</summary>
    public IReadOnlyList<Uri> Silos { get; private set; } = [];

    /// <summary>The last snapshot of every replica of every resource when all were healthy, by resource id.</summary>
    public IReadOnlyDictionary<string, ResourceEvent> Resources { get; private set; } = new Dictionary<string, ResourceEvent>();

    /// <summary>The dashboard's address, with its login token.</summary>
    public Uri DashboardUrl { get; private set; } = null!;

    /// <summary>DCP and everything it started for this AppHost, seen once the cluster was healthy.</summary>
    internal IReadOnlyList<LinuxProcess> Processes { get; private set; } = [];

    public DistributedApplication App => _app ?? throw new InvalidOperationException("The AppHost is not running.");

    public async Task InitializeAsync()
    {
        // A host of the suite like the others: none of them runs while the real-cluster tests do.
        _turn = await SuiteLock.ShareAsync();
        using var timeout = new CancellationTokenSource(StartTimeout);
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
            new DistributedApplicationTestingBuilderOptions { EnableDashboard = true },
            [$"--Parameters:publish-key={PublishKey}", $"--Parameters:admin-key={AdminKey}"],
            timeout.Token);

        // The resources' own logs are copied to the test host's logger: keep their warnings and errors only.
        builder.Services.AddLogging(logging => logging
            .AddFilter("SseOrleans.AppHost.Resources", LogLevel.Warning)
            .AddFilter("Aspire.Hosting", LogLevel.Warning));
        _app = await builder.BuildAsync(timeout.Token);
        try
        {
            await _app.StartAsync(timeout.Token);
            Resources = await WaitUntilHealthyAsync(_app.ResourceNotifications, timeout.Token);
            Api = Replica("api").Select(url => new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(30) }).ToList();
            Silos = Replica("silo");
            DashboardUrl = await _app.GetDashboardUrlAsync(timeout.Token);
            Processes = LinuxProcess.TreesOf($"--monitor {Environment.ProcessId.ToString(CultureInfo.InvariantCulture)} ");
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    /// <summary>Stops the AppHost as a Ctrl-C would (DCP stops and cleans up every resource) and disposes it.</summary>
    public async Task StopAsync()
    {
        if (_app is null || _stopped)
        {
            return;
        }

        _stopped = true;
        using var timeout = new CancellationTokenSource(StopTimeout);
        await _app.StopAsync(timeout.Token);
        await _app.DisposeAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var api in Api)
        {
            api.Dispose();
        }

        try
        {
            await StopAsync();
        }
        finally
        {
            _turn?.Dispose();
            _turn = null;
        }
    }

    /// <summary>The base address of every replica of <paramref name="name"/>: from the <c>ASPNETCORE_URLS</c> Aspire gave it.</summary>
    private List<Uri> Replica(string name) =>
        Resources.Values
            .Where(r => r.Resource.Name == name)
            .Select(r => r.Snapshot.EnvironmentVariables.Single(v => v.Name == "ASPNETCORE_URLS").Value
                ?? throw new InvalidOperationException($"{r.ResourceId} has no ASPNETCORE_URLS value"))
            .Select(urls => new Uri(urls.Split(';')[0].Replace("//localhost:", "//127.0.0.1:", StringComparison.Ordinal) + "/"))
            .ToList();

    private static async Task<Dictionary<string, ResourceEvent>> WaitUntilHealthyAsync(ResourceNotificationService notifications, CancellationToken cancellationToken)
    {
        var latest = new Dictionary<string, ResourceEvent>(StringComparer.Ordinal);
        try
        {
            await foreach (var resourceEvent in notifications.WatchAsync(cancellationToken))
            {
                latest[resourceEvent.ResourceId] = resourceEvent;
                if (Expected.All(expected => latest.Values.Count(r => r.Resource.Name == expected.Key && IsHealthy(r.Snapshot)) >= expected.Value))
                {
                    return latest;
                }
            }
        }
        catch (OperationCanceledException exception)
        {
            var states = string.Join(", ", latest.Values.Select(r => $"{r.ResourceId}: {r.Snapshot.State?.Text}/{r.Snapshot.HealthStatus}"));
            throw new TimeoutException($"The AppHost's resources were not all healthy within {StartTimeout}: {states}", exception);
        }

        throw new InvalidOperationException("The AppHost stopped reporting resource states before every resource was healthy.");
    }

    private static bool IsHealthy(CustomResourceSnapshot snapshot) =>
        snapshot.State?.Text == KnownResourceStates.Running && snapshot.HealthStatus == HealthStatus.Healthy;
}
