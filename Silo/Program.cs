using SseOrleans.Grains;
using SseOrleans.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.UseDefaultUrls("http://localhost:8002");
builder.AddServiceDefaults();
builder.AddOrleansRedisConnections();
builder.UseOrleans(silo => silo
    .AddSseGrains()
    .UseLocalhostClusteringUnlessConfigured()
    .BindMembershipOptions());

var app = builder.Build();
app.MapDefaultEndpoints();
app.Run();
