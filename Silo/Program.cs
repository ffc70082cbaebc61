using SseOrleans.Grains;
using SseOrleans.ServiceDefaults;

// The content root is where the app is, not where it was started from, so appsettings.json always applies.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
var mode = SseHosting.DetectMode(builder.Configuration);
builder.UseDefaultUrls("http://localhost:8002");
builder.AddServiceDefaults();
builder.AddOrleansRedisConnections();
builder.UseOrleans(silo =>
{
    silo.AddSseGrains().BindMembershipOptions();
    if (mode == SseHostingMode.Embedded)
    {
        silo.UseSseLocalhostClustering();
    }
});

var app = builder.Build();
app.MapDefaultEndpoints();
return await app.RunWithBoundedStopAsync();
