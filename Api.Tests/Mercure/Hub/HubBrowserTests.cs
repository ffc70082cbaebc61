using System.Text.Json;
using Microsoft.Playwright;
using SseOrleans.Api.Tests.Authorization;
using SseOrleans.Api.Tests.Infrastructure;
using SseOrleans.TestSupport;
using Xunit.Abstractions;
using static SseOrleans.Api.Tests.Mercure.Hub.HubRequests;

namespace SseOrleans.Api.Tests.Mercure.Hub;

/// <summary>
/// Headless Chromium's own <c>EventSource</c> on the hub, its token in the <c>mercureAuthorization</c> cookie as an
/// app's login sets it (HttpOnly): a private update reaches the page whose token grants its topic, with its
/// Mercure id as <c>lastEventId</c>, and not the page whose token grants another.
/// </summary>
[Collection(JwtCollectionDefinition.Name)]
public sealed class HubBrowserTests(JwtHostFixture fixture, BrowserFixture browser, ITestOutputHelper output)
{
    private const string EventSourcePage = """
        <!DOCTYPE html>
        <html><head><meta charset="utf-8"><title>Mercure EventSource</title></head>
        <body><script>
        window.received = [];
        window.opened = false;
        const source = new EventSource(new URLSearchParams(location.search).get('src'), { withCredentials: true });
        source.onopen = () => { window.opened = true; };
        source.onmessage = (e) => window.received.push(e.lastEventId + ' ' + e.data);
        </script></body></html>
        """;

    private readonly ApiHost _host = fixture.Host;

    [Fact]
    public async Task Browser_EventSource_with_the_cookie_receives_the_private_updates_its_token_grants()
    {
        var topic = Topic("browser");
        await using var granted = await OpenAsync(topic, Tokens.Hs256(subscribe: [topic]));
        await using var other = await OpenAsync(topic, Tokens.Hs256(subscribe: ["https://example.com/someone-else"]));
        await granted.WaitForAsync("window.opened === true");
        await other.WaitForAsync("window.opened === true");

        await PublishOkAsync(_host.Http, [("topic", topic), ("data", "secret"), ("private", "on"), ("id", "urn:browser:1")], JwtHostFixture.PublishKey);
        await PublishOkAsync(_host.Http, [("topic", topic), ("data", "public"), ("id", "urn:browser:2")], JwtHostFixture.PublishKey);

        await granted.WaitForAsync("window.received.length === 2");
        await other.WaitForAsync("window.received.length === 1");
        Assert.Equal(["urn:browser:1 secret", "urn:browser:2 public"], Received(await granted.Page.EvaluateAsync<JsonElement>("window.received")));
        Assert.Equal(["urn:browser:2 public"], Received(await other.Page.EvaluateAsync<JsonElement>("window.received")));
    }

    private static string[] Received(JsonElement items) => [.. items.EnumerateArray().Select(item => item.GetString() ?? string.Empty)];

    private async Task<BrowserPage> OpenAsync(string topic, string cookieToken)
    {
        var page = await browser.NewPageAsync(output);
        await page.Context.AddCookiesAsync([new Cookie
        {
            Name = "mercureAuthorization",
            Value = cookieToken,
            Url = _host.BaseAddress.ToString(),
            HttpOnly = true,
            SameSite = SameSiteAttribute.Strict,
        }]);
        var url = new Uri(_host.BaseAddress, "test/mercure-eventsource.html?src=" + Uri.EscapeDataString(SubscribePath([topic])));
        await page.ServeAsync(url, EventSourcePage);
        await page.Page.GotoAsync(url.ToString());
        return page;
    }
}
