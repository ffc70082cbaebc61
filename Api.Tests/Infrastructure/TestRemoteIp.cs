using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace SseOrleans.Api.Tests.Infrastructure;

/// <summary>
/// Test-only middleware, first in the pipeline: a request with <c>X-Test-Remote-Ip</c> looks as if it
/// came from that address, which a real connection from loopback cannot.
/// </summary>
internal sealed class TestRemoteIp : IStartupFilter
{
    public const string Header = "X-Test-Remote-Ip";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            if (IPAddress.TryParse(context.Request.Headers[Header], out var remote))
            {
                context.Connection.RemoteIpAddress = remote;
            }

            return nextMiddleware(context);
        });
        next(app);
    };
}
