// The cluster as Aspire runs it locally (`dotnet run --project AppHost`) and azd deploys it to Azure
// Container Apps (the manifest of `--publisher manifest`). Every process gets its Orleans configuration
// from the references below, as environment variables (Orleans__ClusterId, Orleans__Clustering__ProviderType=Redis,
// Orleans__Clustering__ServiceKey=redis, ConnectionStrings__redis, Orleans__Streaming__sse__ProviderType=Memory,
// Orleans__GrainStorage__PubSubStore__..., and for silos Orleans__Endpoints__SiloPort/GatewayPort),
// which is all Silo, Api and SamplePublisher read.
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SseOrleans.AppHost;

const int Replicas = 2;
var builder = DistributedApplication.CreateBuilder(args);
var configuration = builder.Configuration;

var redisChoice = await RedisChoice.ResolveAsync(
    configuration.GetValue("Redis:RunAs", RedisRunAs.Auto),
    builder.ExecutionContext.IsPublishMode,
    () => HostProbes.HealthyContainerRuntimeAsync(configuration["ASPIRE_CONTAINER_RUNTIME"] ?? configuration["DOTNET_ASPIRE_CONTAINER_RUNTIME"]),
    () => HostProbes.FindOnPath(configuration["Redis:Executable"] ?? "redis-server"));
IResourceBuilder<IResourceWithConnectionString> redis = redisChoice.RunAs == RedisRunAs.Executable
    ? builder.AddRedisServer("redis", redisChoice.ExecutablePath!)
    : builder.AddRedis("redis");

// Stream subscriptions (PubSubStore) live in Redis, not in silo memory: when a silo dies, subscriptions
// whose state it held would otherwise be lost for good (see Cluster.Tests/SiloFailoverTests).
var orleans = builder.AddOrleans("sse-orleans")
    .WithClustering(new RedisProviderConfiguration(redis))
    .WithMemoryStreaming("sse")
    .WithGrainStorage("PubSubStore", new RedisProviderConfiguration(redis));

// Each silo listens where Aspire says (ASPNETCORE_URLS locally, HTTP_PORTS in a container) for /health.
// Namespace histories live in the same Redis (Sse:History, configured like an Orleans provider), so a
// namespace that moves to another silo keeps its epoch, sequence and replay (README, "When a silo dies").
var silo = builder.AddProject<Projects.Silo>("silo")
    .WithReference(orleans)
    .WithEnvironment("Sse__History__ProviderType", RedisProviderConfiguration.ProviderType)
    .WithEnvironment("Sse__History__ServiceKey", redis.Resource.Name)
    .WithHttpEndpoint()
    .WithHttpHealthCheck("/health")
    .WaitFor(redis)
    .WithReplicas(Replicas);
if (builder.ExecutionContext.IsRunMode)
{
    // All silos on this machine: they reach each other on loopback. In Azure every replica is its own
    // container and advertises the container's address (Orleans' default, the first non-loopback one).
    silo.WithEnvironment("Orleans__Endpoints__AdvertisedIPAddress", "127.0.0.1");
}

// Secrets: azd asks for them at deployment; a local run generates them (shown in the dashboard).
var publishKey = AddSecretKey(builder, "publish-key");
var adminKey = AddSecretKey(builder, "admin-key");

var api = builder.AddProject<Projects.Api>("api")
    .WithReference(orleans.AsClient())
    .WithEnvironment("Sse__PublishKey", publishKey)
    .WithEnvironment("Sse__AdminKey", adminKey)
    .WithHttpEndpoint()
    .WithExternalHttpEndpoints()
    .WithHttpHealthCheck("/health")
    .WaitFor(silo)
    .WithReplicas(Replicas);

// A .NET service of the user's kind: an Orleans client of the cluster that publishes through the grains.
builder.AddProject<Projects.SamplePublisher>("publisher")
    .WithReference(orleans.AsClient())
    .WaitFor(silo);

builder.Eventing.Subscribe<BeforeStartEvent>((@event, _) =>
{
    Log.RedisChosen(Logger(@event.Services), redisChoice.RunAs, redisChoice.Reason);
    return Task.CompletedTask;
});
var frontEndsReported = 0;
builder.Eventing.Subscribe<ResourceReadyEvent>(api.Resource, (@event, _) =>
{
    if (Interlocked.Exchange(ref frontEndsReported, 1) == 0)
    {
        Log.FrontEndsReady(Logger(@event.Services), Replicas, api.GetEndpoint("http").Url);
    }

    return Task.CompletedTask;
});

await builder.Build().RunAsync();

static IResourceBuilder<ParameterResource> AddSecretKey(IDistributedApplicationBuilder builder, string name) =>
    builder.ExecutionContext.IsPublishMode
        ? builder.AddParameter(name, secret: true)
        : builder.AddParameter(name, new GenerateParameterDefault { MinLength = 32, Special = false }, secret: true);

static ILogger Logger(IServiceProvider services) => services.GetRequiredService<ILoggerFactory>().CreateLogger(Log.Category);
