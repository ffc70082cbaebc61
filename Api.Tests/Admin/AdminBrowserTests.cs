using System.Text.Json;
using Microsoft.Playwright;
using SseOrleans.Api.Tests.Infrastructure;
using SseOrleans.TestSupport;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace SseOrleans.Api.Tests.Admin;

/// <summary>Headless Chromium against the real server: the admin page, and the browser's own EventSource.</summary>
[Collection(AdminCollectionDefinition.Name)]
public sealed class AdminBrowserTests(AdminFixture fixture, BrowserFixture browser, ITestOutputHelper output)
{
    /// <summary>Subscribes with the browser's own <c>EventSource</c> and records what it receives in <c>window.received</c>.</summary>
    private const string EventSourcePage = """
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

    private readonly ApiHost _host = fixture.Host;

    [Fact]
    public async Task Admin_page_shows_the_namespace_of_a_connected_subscriber()
    {
        await using var admin = await OpenAdminPageWithSubscriberAsync("/browser-admin/");
        var (page, ns) = (admin.Browser.Page, admin.Namespace);

        // The row shows the subscriber count; the parent namespace is in the tree as well.
        await Expect(TreeRow(page, ns).Locator(":scope > *").Nth(1)).ToHaveTextAsync("1");
        await Expect(TreeRow(page, "/browser-admin")).ToHaveCountAsync(1);
        await Expect(page.Locator("#status")).ToHaveTextAsync("OK");
        Assert.True(await page.Locator("#error").EvaluateAsync<bool>("e => e.hidden"), admin.Browser.Log);
        await Expect(page.Locator("#dashboard-link")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Admin_page_shows_recent_events_of_the_chosen_namespace()
    {
        await using var admin = await OpenAdminPageWithSubscriberAsync("/browser-events/");
        var (page, ns) = (admin.Browser.Page, admin.Namespace);

        await TreeRow(page, ns).ClickAsync();
        await Expect(page.Locator("#ev-state")).ToHaveTextAsync("live");
        await _host.Http.PublishAsync(ns + "/child", "first line\nsecond line", "bird");

        var events = page.Locator("#events li");
        await Expect(events).ToHaveCountAsync(1);
        var cells = await events.Locator(":scope > *").AllTextContentsAsync();
        Assert.Equal("bird", cells[2]);
        Assert.Equal("first line\nsecond line", cells[3]);
    }

    [Fact]
    public async Task Browser_EventSource_receives_named_multi_line_events_of_the_namespace_and_below()
    {
        var ns = TestNamespace.Unique("/browser-es/");
        await using var browserPage = await browser.NewPageAsync(output);
        var url = new Uri(_host.BaseAddress, "test/eventsource.html?ns=" + Uri.EscapeDataString(ns));
        await browserPage.ServeAsync(url, EventSourcePage);
        await browserPage.Page.GotoAsync(url.ToString());
        await browserPage.WaitForAsync("window.opened === true");

        await _host.Http.PublishAsync(ns + "/dogs", "Corgi\nshort legs", "dog");
        await _host.Http.PublishAsync(ns + "foo", "not a child of the namespace", "dog");
        await _host.Http.PublishAsync(ns + "/cats/persian", " leading space\r\nand CRLF", "cat");
        await _host.Http.PublishAsync(ns, "unnamed");

        await browserPage.WaitForAsync("window.received.length >= 3");
        var received = (await browserPage.Page.EvaluateAsync<JsonElement>("window.received")).EnumerateArray().ToList();
        Assert.Equal(3, received.Count);
        AssertEvent(received[0], "dog", "Corgi\nshort legs");
        AssertEvent(received[1], "cat", " leading space\nand CRLF");
        AssertEvent(received[2], "message", "unnamed");
        Assert.All(received, e => Assert.Matches("^[0-9]+-[0-9]+$", e.GetProperty("id").GetString()));
    }

    /// <summary>
    /// A subscriber to a new namespace under <paramref name="prefix"/>, and the admin page in a new
    /// browser page once its namespace tree shows that namespace.
    /// </summary>
    private async Task<AdminView> OpenAdminPageWithSubscriberAsync(string prefix)
    {
        var ns = TestNamespace.Unique(prefix);
        var subscriber = await SseClient.OpenAsync(_host.Http, "/subscribe" + ns, userAgent: "browser-test");
        BrowserPage? page = null;
        try
        {
            page = await browser.NewPageAsync(output);
            await page.Page.GotoAsync(new Uri(_host.BaseAddress, "admin/").ToString());
            await Expect(TreeRow(page.Page, ns)).ToHaveCountAsync(1);
            return new AdminView(ns, subscriber, page);
        }
        catch
        {
            if (page is not null)
            {
                await page.DisposeAsync();
            }

            await subscriber.DisposeAsync();
            throw;
        }
    }

    private static ILocator TreeRow(IPage page, string ns) => page.Locator($"#tree .row[data-ns=\"{ns}\"]");

    private static void AssertEvent(JsonElement received, string type, string data)
    {
        Assert.Equal(type, received.GetProperty("type").GetString());
        Assert.Equal(data, received.GetProperty("data").GetString());
    }

    private sealed record AdminView(string Namespace, SseClient Subscriber, BrowserPage Browser) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Browser.DisposeAsync();
            await Subscriber.DisposeAsync();
        }
    }
}
