// The cluster as Aspire runs it locally and azd deploys it to Azure Container Apps. Every process gets
// its Orleans configuration from the references below, as environment variables (Orleans__ClusterId,
// Orleans__Clustering__ProviderType=Redis, Orleans__Clustering__ServiceKey=redis, ConnectionStrings__redis,
// Orleans__Streaming__sse__ProviderType=Memory, Orleans__GrainStorage__PubSubStore__..., and for silos
// Orleans__Endpoints__SiloPort/GatewayPort), which is all Silo and Api read.
var builder = DistributedApplication.CreateBuilder(args);

var redis = builder.AddRedis("redis");

// Stream subscriptions (PubSubStore) live in Redis, not in silo memory: when a silo dies, subscriptions
// whose state it held would otherwise be lost for good (see Cluster.Tests/SiloFailoverTests).
var orleans = builder.AddOrleans("sse-orleans")
    .WithClustering(redis)
    .WithMemoryStreaming("sse")
    .WithGrainStorage("PubSubStore", redis);

var silo = builder.AddProject<Projects.Silo>("silo")
    .WithReference(orleans)
    .WaitFor(redis)
    .WithHttpHealthCheck("/health")
    .WithReplicas(2);

builder.AddProject<Projects.Api>("api")
    .WithReference(orleans.AsClient())
    .WaitFor(silo)
    .WithHttpHealthCheck("/health")
    .WithExternalHttpEndpoints()
    .WithReplicas(2);

builder.Build().Run();
