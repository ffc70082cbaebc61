using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SseOrleans.SamplePublisher;

// The classic demo against a running Api (embedded default): connects as an Orleans client to its
// gateway (Orleans:Endpoints:GatewayPort, default 30000) and publishes the time and some pets.
var builder = Host.CreateApplicationBuilder(args);
builder.UseOrleansClient(client => client.UseLocalhostClustering(
    gatewayPort: builder.Configuration.GetValue("Orleans:Endpoints:GatewayPort", 30000),
    serviceId: builder.Configuration["Orleans:ServiceId"] ?? "sse-orleans",
    clusterId: builder.Configuration["Orleans:ClusterId"] ?? "dev"));
builder.Services.AddHostedService<DemoPublisher>();
builder.Build().Run();
