using SseOrleans.Api;
using SseOrleans.FrontEnd.Hosting;
using SseOrleans.ServiceDefaults;

// The content root is where the app is, not where it was started from, so appsettings.json always applies.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
var mode = SseHosting.DetectMode(builder.Configuration);
builder.UseDefaultUrls("http://localhost:8001");

// Sends run on the thread that flushes (the fan-out's flush tick) instead of hopping to the thread
// pool once per connection per tick. Safe here because no request handler blocks.
builder.WebHost.UseSockets(sockets => sockets.UnsafePreferInlineScheduling = true);
builder.AddServiceDefaults();
builder.AddSseOrleans(mode);
builder.AddSseFrontEnd();

var app = builder.Build();
app.UseCors();
app.UseRateLimiter();
app.MapDefaultEndpoints();
app.MapSse();
app.MapOrleansDashboardUnderAdmin(mode);
app.Run();
