using SseOrleans.Api;
using SseOrleans.FrontEnd.Hosting;
using SseOrleans.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
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
