using SseOrleans.Api;
using SseOrleans.FrontEnd.Hosting;
using SseOrleans.ServiceDefaults;

// The content root is where the app is, not where it was started from, so appsettings.json always applies.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.UseDefaultUrls("http://localhost:8001");
builder.AddServiceDefaults();
builder.AddSseOrleans();
builder.AddSseFrontEnd();

var app = builder.Build();
app.UseCors();
app.UseRateLimiter();
app.MapDefaultEndpoints();
app.MapSse();
app.MapOrleansDashboardUnderAdmin();
app.Run();
