// The cluster as Aspire runs it (`dotnet run --project AppHost`) and as azd deploys it (the manifest of
// `--publisher manifest`). Silo, Api and SamplePublisher read everything Orleans needs from the
// environment these references give them (Orleans__..., ConnectionStrings__redis).
using SseOrleans.AppHost;

const int Replicas = 2;
var builder = DistributedApplication.CreateBuilder(args);

// Aspire's Redis container, or this machine's redis-server where no container runtime answers (Redis:RunAs).
var redis = await builder.AddRedisContainerOrServerAsync("redis");

// Stream subscriptions (PubSubStore) live in Redis, not in a silo's memory, so a silo that dies does not
// take them with it (Cluster.Tests' failover scenario).
var orleans = builder.AddOrleans("sse-orleans")
    .WithClustering(redis)
    .WithMemoryStreaming("sse")
    .WithGrainStorage("PubSubStore", redis);

// Namespace histories live in the same Redis, so a namespace that moves to another silo keeps its epoch,
// sequence and replay. /health is served where Aspire says (ASPNETCORE_URLS locally, HTTP_PORTS in Azure).
var silo = builder.AddProject<Projects.Silo>("silo")
    .WithReference(orleans)
    .WithEnvironment("Sse__History__ProviderType", "Redis")
    .WithEnvironment("Sse__History__ServiceKey", redis.Resource.Name)
    .WithHttpEndpoint()
    .WithHttpHealthCheck("/health")
    .WaitFor(redis)
    .WithReplicas(Replicas);
if (builder.ExecutionContext.IsRunMode)
{
    // All silos on this machine reach each other on loopback. In Azure each replica is its own container
    // and advertises the container's address (Orleans' default).
    silo.WithEnvironment("Orleans__Endpoints__AdvertisedIPAddress", "127.0.0.1");
}

// Secrets: azd asks for them at deployment; a local run generates them (the dashboard shows them).
var publishKey = AddSecretKey(builder, "publish-key");
var adminKey = AddSecretKey(builder, "admin-key");

builder.AddProject<Projects.Api>("api")
    .WithReference(orleans.AsClient())
    .WithEnvironment("Sse__PublishKey", publishKey)
    .WithEnvironment("Sse__AdminKey", adminKey)
    .WithHttpEndpoint()
    .WithExternalHttpEndpoints()
    .WithHttpHealthCheck("/health")
    .WaitFor(silo)
    .WithReplicas(Replicas)
    .LogAddressWhenReady(Replicas);

// A .NET service of the user's kind: an Orleans client of the cluster that publishes through the grains.
builder.AddProject<Projects.SamplePublisher>("publisher")
    .WithReference(orleans.AsClient())
    .WaitFor(silo);

await builder.Build().RunAsync();

static IResourceBuilder<ParameterResource> AddSecretKey(IDistributedApplicationBuilder builder, string name) =>
    builder.ExecutionContext.IsPublishMode
        ? builder.AddParameter(name, secret: true)
        : builder.AddParameter(name, new GenerateParameterDefault { MinLength = 32, Special = false }, secret: true);
