using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using SseOrleans.Api.Tests.Infrastructure;
using SseOrleans.TestSupport;

namespace SseOrleans.Api.Tests.Admin;

/// <summary>Headless Chromium against the real server: the admin page, and the browser's own EventSource.</summary>
[Collection(AdminCollectionDefinition.Name)]
public sealed class AdminBrowserTests(AdminFixture fixture)
{
    private readonly ApiHost _host = fixture.Host;

    [Fact]
    public async Task Admin_page_shows_the_namespace_of_a_connected_subscriber()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var ns = TestNamespace.Unique("/browser-admin/");
        await using var subscriber = await SseClient.OpenAsync(_host.Http, "/subscribe" + ns, userAgent: "browser-test");

        await using var browser = await HeadlessChromium.OpenAsync(new Uri(_host.BaseAddress, "admin/"), timeout.Token);
        var row = $"document.querySelector('#tree .row[data-ns=\"{ns}\"]')";
        await browser.WaitForAsync(row + " !== null", timeout.Token);

        // The row shows the subscriber count; the parent namespace is in the tree as well.
        var cells = await browser.EvaluateAsync($"[...{row}.children].map(c => c.textContent)", timeout.Token);
        Assert.Equal("1", cells![1]!.GetValue<string>());
        Assert.True((await browser.EvaluateAsync("document.querySelector('#tree .row[data-ns=\"/browser-admin\"]') !== null", timeout.Token))!.GetValue<bool>());
        Assert.Equal("OK", (await browser.EvaluateAsync("document.getElementById('status').textContent", timeout.Token))!.GetValue<string>());
        Assert.True((await browser.EvaluateAsync("document.getElementById('error').hidden", timeout.Token))!.GetValue<bool>());
        await browser.WaitForAsync("!document.getElementById('dashboard-link').hidden", timeout.Token);
    }

    [Fact]
    public async Task Admin_page_shows_recent_events_of_the_chosen_namespace()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var ns = TestNamespace.Unique("/browser-events/");
        await using var subscriber = await SseClient.OpenAsync(_host.Http, "/subscribe" + ns, userAgent: "browser-test");
        await using var browser = await HeadlessChromium.OpenAsync(new Uri(_host.BaseAddress, "admin/"), timeout.Token);
        var row = $"document.querySelector('#tree .row[data-ns=\"{ns}\"]')";
        await browser.WaitForAsync(row + " !== null", timeout.Token);

        await browser.EvaluateAsync(row + ".click()", timeout.Token);
        await browser.WaitForAsync("document.getElementById('ev-state').textContent === 'live'", timeout.Token);
        await PublishAsync(ns + "/child", "bird", "first line\nsecond line", timeout.Token);

        await browser.WaitForAsync("document.querySelectorAll('#events li').length === 1", timeout.Token);
        var cells = await browser.EvaluateAsync("[...document.querySelector('#events li').children].map(c => c.textContent)", timeout.Token);
        Assert.Equal("bird", cells![2]!.GetValue<string>());
        Assert.Equal("first line\nsecond line", cells[3]!.GetValue<string>());
    }

    [Fact]
    public async Task Browser_EventSource_receives_named_multi_line_events_of_the_namespace_and_below()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var ns = TestNamespace.Unique("/browser-es/");
        var page = new Uri(_host.BaseAddress, TestRemoteIp.EventSourcePage + "?ns=" + Uri.EscapeDataString(ns));
        await using var browser = await HeadlessChromium.OpenAsync(page, timeout.Token);
        await browser.WaitForAsync("window.opened === true", timeout.Token);

        await PublishAsync(ns + "/dogs", "dog", "Corgi\nshort legs", timeout.Token);
        await PublishAsync(ns + "foo", "dog", "not a child of the namespace", timeout.Token);
        await PublishAsync(ns + "/cats/persian", "cat", " leading space\r\nand CRLF", timeout.Token);
        await PublishAsync(ns, null, "unnamed", timeout.Token);

        await browser.WaitForAsync("window.received.length >= 3", timeout.Token);
        var received = (await browser.EvaluateAsync("window.received", timeout.Token))!.AsArray();
        Assert.Equal(3, received.Count);
        AssertEvent(received[0], "dog", "Corgi\nshort legs");
        AssertEvent(received[1], "cat", " leading space\nand CRLF");
        AssertEvent(received[2], "message", "unnamed");
        Assert.All(received, e => Assert.Matches("^[0-9]+-[0-9]+$", e!["id"]!.GetValue<string>()));
    }

    private static void AssertEvent(JsonNode? received, string type, string data)
    {
        Assert.Equal(type, received!["type"]!.GetValue<string>());
        Assert.Equal(data, received["data"]!.GetValue<string>());
    }

    private async Task PublishAsync(string ns, string? eventName, string data, CancellationToken cancellationToken)
    {
        using var content = new StringContent(data, Encoding.UTF8, "text/plain");
        var query = eventName is null ? string.Empty : "?event=" + eventName;
        using var response = await _host.Http.PostAsync("publish" + ns + query, content, cancellationToken);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }
}
