using System.Net;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SseOrleans.Abstractions;
using SseOrleans.FrontEnd.Authorization;

namespace SseOrleans.Api.Tests.Authorization;

/// <summary>The authorization model without a server: the built-in handlers over the given settings (no tokens).</summary>
internal static class Authorizers
{
    public static NamespaceAuthorizer Create(SseOptions options)
    {
        var services = new ServiceCollection().AddLogging().AddAuthorization();
        services.AddSingleton<IOptions<SseOptions>>(Options.Create(options));
        services.AddSingleton<IAuthorizationHandler, MercureClaimsHandler>();
        services.AddSingleton<IAuthorizationHandler, PublicSubscribeHandler>();
        services.AddSingleton<NamespaceAuthorizer>();
        return services.BuildServiceProvider().GetRequiredService<NamespaceAuthorizer>();
    }

    public static HttpContext Request(string? address, string? authorization = null)
    {
        var http = new DefaultHttpContext();
        http.Connection.RemoteIpAddress = address is null ? null : IPAddress.Parse(address);
        if (authorization is not null)
        {
            http.Request.Headers.Authorization = authorization;
        }

        return http;
    }
}
