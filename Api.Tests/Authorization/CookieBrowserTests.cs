using System.Text.Json;
using Microsoft.Playwright;
using SseOrleans.Api.Tests.Infrastructure;
using SseOrleans.TestSupport;
using Xunit.Abstractions;

namespace SseOrleans.Api.Tests.Authorization;

/// <summary>
/// Headless Chromium's own <c>EventSource</c>, which cannot set headers, reading a private namespace with
/// the token in the <c>mercureAuthorization</c> cookie (or in the query string).
/// </summary>
[Collection(JwtCollectionDefinition.Name)]
public sealed class CookieBrowserTests(JwtHostFixture fixture, BrowserFixture browser, ITestOutputHelper output)
{
    /// <summary>Subscribes to <c>?src=</c> and records what arrives in <c>window.received</c>, and whether the stream failed.</summary>
    private const string EventSourcePage = """
        <!DOCTYPE html>
        <html><head><meta charset="utf-8"><title>EventSource with a token</title></head>
        <body><script>
        window.received = [];
        window.opened = false;
        window.failed = false;
        const source = new EventSource(new URLSearchParams(location.search).get('src'));
        source.onopen = () => { window.opened = true; };
        source.onerror = () => { if (source.readyState === EventSource.CLOSED) window.failed = true; };
        source.onmessage = (e) => window.received.push(e.data);
        </script></body></html>
        """;

    private readonly ApiHost _host = fixture.Host;

    [Fact]
    public async Task Browser_EventSource_reads_a_private_namespace_with_the_token_in_a_cookie()
    {
        var ns = TestNamespace.Unique("/users/browser");
        await using var page = await OpenAsync("/subscribe" + ns, Tokens.Hs256(subscribe: [ns]));
        await page.WaitForAsync("window.opened === true");

        using var published = await AuthRequests.PublishAsync(_host.Http, ns + "/inbox", JwtHostFixture.PublishKey, "for the owner only");
        await page.WaitForAsync("window.received.length === 1");
        Assert.Equal("for the owner only", (await page.Page.EvaluateAsync<JsonElement>("window.received"))[0].GetString());
    }

    [Fact]
    public async Task Browser_EventSource_is_refused_a_private_namespace_with_a_cookie_for_another()
    {
        var ns = TestNamespace.Unique("/users/browser");
        await using var page = await OpenAsync("/subscribe" + ns, Tokens.Hs256(subscribe: [ns + "0"]));
        await page.WaitForAsync("window.failed === true");
        Assert.False(await page.Page.EvaluateAsync<bool>("window.opened"));
    }

    [Fact]
    public async Task Browser_EventSource_reads_a_private_namespace_with_the_token_in_the_query()
    {
        var ns = TestNamespace.Unique("/users/browser");
        var token = Tokens.Hs256(subscribe: [ns]);
        await using var page = await OpenAsync($"/subscribe{ns}?authorization={token}", cookieToken: null);
        await page.WaitForAsync("window.opened === true");

        using var published = await AuthRequests.PublishAsync(_host.Http, ns, JwtHostFixture.PublishKey, "by query token");
        await page.WaitForAsync("window.received.length === 1");
        Assert.DoesNotContain(fixture.Logs, line => line.Contains(token, StringComparison.Ordinal));
    }

    private async Task<BrowserPage> OpenAsync(string source, string? cookieToken)
    {
        var page = await browser.NewPageAsync(output);
        if (cookieToken is not null)
        {
            // As an app's login would set it: HttpOnly, so the page's scripts never see the token.
            await page.Context.AddCookiesAsync([new Cookie
            {
                Name = "mercureAuthorization",
                Value = cookieToken,
                Url = _host.BaseAddress.ToString(),
                HttpOnly = true,
                SameSite = SameSiteAttribute.Strict,
            }]);
        }

        var url = new Uri(_host.BaseAddress, "test/token-eventsource.html?src=" + Uri.EscapeDataString(source));
        await page.ServeAsync(url, EventSourcePage);
        await page.Page.GotoAsync(url.ToString());
        return page;
    }
}
