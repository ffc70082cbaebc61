using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace SseOrleans.Api.Tests.Infrastructure;

/// <summary>
/// Test-only middleware, first in the pipeline: <c>X-Test-Remote-Ip</c> makes a request look as if
/// it came from that address, and <c>/test/eventsource.html</c> serves a page that subscribes with the
/// browser's own <c>EventSource</c> and records what it receives in <c>window.received</c>.
/// </summary>
internal sealed class TestRemoteIp : IStartupFilter
{
    public const string Header = "X-Test-Remote-Ip";
    public const string EventSourcePage = "test/eventsource.html";

    private const string PageHtml = """
        <!DOCTYPE html>
        <html><head><meta charset="utf-8"><title>EventSource test</title></head>
        <body><script>
        window.received = [];
        window.opened = false;
        const source = new EventSource('/subscribe' + new URLSearchParams(location.search).get('ns'));
        source.onopen = () => { window.opened = true; };
        const record = (e) => window.received.push({ type: e.type, data: e.data, id: e.lastEventId });
        source.onmessage = record;
        source.addEventListener('dog', record);
        source.addEventListener('cat', record);
        </script></body></html>
        """;

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            if (IPAddress.TryParse(context.Request.Headers[Header], out var remote))
            {
                context.Connection.RemoteIpAddress = remote;
            }

            if (context.Request.Path == "/" + EventSourcePage)
            {
                context.Response.ContentType = "text/html; charset=utf-8";
                return context.Response.WriteAsync(PageHtml);
            }

            return nextMiddleware(context);
        });
        next(app);
    };
}
