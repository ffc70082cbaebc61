using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SseOrleans.SamplePublisher;
using SseOrleans.ServiceDefaults;

// The classic demo: the time and some pets, published through the grain client. Under the AppHost (or with
// Orleans:Clustering configured) it is a client of that cluster, configured entirely by the Orleans section
// Aspire injects; on its own it connects to a running Api's embedded silo (gateway Orleans:Endpoints:GatewayPort,
// default 30000).
var builder = Host.CreateApplicationBuilder(args);
builder.AddServiceDefaults();
if (builder.Configuration.GetSection("Orleans:Clustering").Exists())
{
    builder.AddOrleansRedisConnections();
    builder.UseOrleansClient();
}
else
{
    builder.UseOrleansClient(client => client.UseLocalhostClustering(
        gatewayPort: builder.Configuration.GetValue("Orleans:Endpoints:GatewayPort", 30000),
        serviceId: builder.Configuration["Orleans:ServiceId"] ?? "sse-orleans",
        clusterId: builder.Configuration["Orleans:ClusterId"] ?? "dev"));
}

builder.Services.AddHostedService<DemoPublisher>();
builder.Build().Run();
