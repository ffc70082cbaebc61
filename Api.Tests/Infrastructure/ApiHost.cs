using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using SseOrleans.TestSupport;

namespace SseOrleans.Api.Tests.Infrastructure;

/// <summary>
/// The real Api (Program.cs, embedded silo) on a real Kestrel port on 127.0.0.1, with test settings
/// layered over its configuration, <see cref="TestRemoteIp"/> so that a request can look remote, and
/// optionally test services over its own.
/// </summary>
public sealed class ApiHost : IAsyncDisposable
{
    private readonly WebApplicationFactory<Program> _factory;

    public ApiHost(IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? testServices = null)
    {
        var orleansPorts = FreePorts.Take(2);
        var all = new Dictionary<string, string?>
        {
            ["Orleans:Endpoints:SiloPort"] = orleansPorts[0].ToString(CultureInfo.InvariantCulture),
            ["Orleans:Endpoints:GatewayPort"] = orleansPorts[1].ToString(CultureInfo.InvariantCulture),
            ["Orleans:ClusterId"] = "test-" + Guid.NewGuid().ToString("N")[..8],
            ["Sse:SubscriberReportInterval"] = "00:00:00.100",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            foreach (var (key, value) in all)
            {
                web.UseSetting(key, value);
            }

            web.ConfigureTestServices(services =>
            {
                services.AddTransient<IStartupFilter, TestRemoteIp>();
                testServices?.Invoke(services);
            });
        });
        _factory.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        try
        {
            _factory.StartServer();
        }
        catch
        {
            _factory.Dispose();
            throw;
        }

        var address = Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        BaseAddress = new Uri(address);
        Http = LoopbackHttp.Client(BaseAddress);
    }

    public Uri BaseAddress { get; }

    public HttpClient Http { get; }

    public IServiceProvider Services => _factory.Services;

    public IClusterClient Orleans => Services.GetRequiredService<IClusterClient>();

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _factory.DisposeAsync();
    }
}
