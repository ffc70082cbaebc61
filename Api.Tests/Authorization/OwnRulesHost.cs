using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using SseOrleans.TestSupport;

namespace SseOrleans.Api.Tests.Authorization;

/// <summary><see cref="OwnRulesApp"/> on 127.0.0.1 (its embedded silo on free ports), only <c>/news</c> public.</summary>
public sealed class OwnRulesHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private OwnRulesHost(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<OwnRulesHost> StartAsync()
    {
        var ports = FreePorts.Take(3);
        var app = OwnRulesApp.Create(
        [
            string.Create(CultureInfo.InvariantCulture, $"--urls=http://127.0.0.1:{ports[0]}"),
            string.Create(CultureInfo.InvariantCulture, $"--Orleans:Endpoints:SiloPort={ports[1]}"),
            string.Create(CultureInfo.InvariantCulture, $"--Orleans:Endpoints:GatewayPort={ports[2]}"),
            "--Orleans:ClusterId=own-rules-" + Guid.NewGuid().ToString("N")[..8],
            "--Sse:Anonymous:Subscribe:0=/news",
            "--Sse:AdminKey=own-rules-admin-key", // with private namespaces, open admin pages would list them
            "--Logging:LogLevel:Default=Warning",
        ]);
        await app.StartAsync();
        return new OwnRulesHost(app, new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{ports[0]}")));
    }

    /// <summary>A client that keeps cookies, as a browser would.</summary>
    public HttpClient NewBrowserLikeClient() =>
        new(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}

public sealed class OwnRulesFixture() : HostFixture<OwnRulesHost>(OwnRulesHost.StartAsync);
