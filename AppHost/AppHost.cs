var builder = DistributedApplication.CreateBuilder(args);

var redis = builder.AddRedis("redis");

var orleans = builder.AddOrleans("default")
    .WithClustering(redis)
    .WithMemoryStreaming("sse")
    .WithMemoryGrainStorage("PubSubStore");

var silo = builder.AddProject<Projects.Silo>("silo")
    .WithReference(orleans)
    .WaitFor(redis)
    .WithReplicas(2);

builder.AddProject<Projects.Api>("api")
    .WithReference(orleans.AsClient())
    .WaitFor(silo)
    .WithExternalHttpEndpoints()
    .WithReplicas(2);

builder.Build().Run();
