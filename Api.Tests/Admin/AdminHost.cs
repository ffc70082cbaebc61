using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace SseOrleans.Api.Tests.Admin;

/// <summary>
/// The real Api (embedded silo) on Kestrel at 127.0.0.1 with free ports for the silo, configured by
/// <c>settings</c>. <see cref="AdminTestMiddleware"/> adds what tests need and a real network cannot
/// give from loopback: a remote viewer, and a page of its own.
/// </summary>
public sealed class AdminHost : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;

    public AdminHost(IDictionary<string, string?>? settings = null)
    {
        _settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Orleans:Endpoints:SiloPort"] = FreePort(),
            ["Orleans:Endpoints:GatewayPort"] = FreePort(),
            ["Orleans:ClusterId"] = "admin-tests-" + Guid.NewGuid().ToString("N")[..8],
            ["Sse:SubscriberReportInterval"] = "00:00:00.100",
            ["Sse:OrleansDashboard"] = "true",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }

        UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        BaseAddress = new Uri(address.TrimEnd('/') + "/");
        Http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri BaseAddress { get; }

    /// <summary>A client of the real server (over TCP, from loopback).</summary>
    public HttpClient Http { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services => services.AddTransient<IStartupFilter, AdminTestMiddleware>());
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Http.Dispose();
        }

        base.Dispose(disposing);
    }

    private static string FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture);
    }
}
