using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Aspire.Hosting.ApplicationModel;
using SseOrleans.TestSupport;
using Xunit.Abstractions;

namespace SseOrleans.AppHost.Tests;

/// <summary>
/// The cluster exactly as <c>dotnet run --project AppHost</c> brings it up, driven through the ports Aspire
/// allocated to each front-end replica. The last test stops the AppHost and checks that nothing is left.
/// </summary>
[Collection(AppHostCollectionDefinition.Name)]
[TestCaseOrderer(RunLastOrderer.TypeName, RunLastOrderer.AssemblyName)]
public sealed class AppHostTests(AppHostFixture fixture, BrowserFixture browsers, ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Every_resource_is_healthy_with_two_silos_and_two_front_ends_each_on_its_own_port()
    {
        using var timeout = new CancellationTokenSource(Timeout);
        Assert.Equal(AppHostFixture.Replicas, Count("silo"));
        Assert.Equal(AppHostFixture.Replicas, Count("api"));
        Assert.Equal(1, Count("redis"));
        Assert.Equal(1, Count("publisher"));
        Assert.Equal(AppHostFixture.Replicas, fixture.Api.Select(api => api.BaseAddress).Distinct().Count());

        using var http = new HttpClient();
        foreach (var replica in fixture.Silos.Concat(fixture.Api.Select(api => api.BaseAddress!)))
        {
            Assert.Equal("Healthy", await http.GetStringAsync(new Uri(replica, "health"), timeout.Token));
        }
    }

    [Fact]
    public async Task Event_published_on_one_front_end_reaches_subscribers_of_its_namespace_and_ancestors_on_the_other()
    {
        using var timeout = new CancellationTokenSource(Timeout);
        var root = "/aspire-" + Guid.NewGuid().ToString("N")[..8];
        await using var ancestor = await SseClient.OpenAsync(fixture.Api[0], "subscribe" + root, cancellationToken: timeout.Token);
        await using var own = await SseClient.OpenAsync(fixture.Api[0], "subscribe" + root + "/dogs", cancellationToken: timeout.Token);
        await using var sibling = await SseClient.OpenAsync(fixture.Api[0], "subscribe" + root + "/cats", cancellationToken: timeout.Token);
        await WaitForSubscribersAsync(fixture.Api[1], root + "/cats", 1, timeout.Token);

        Assert.Equal(HttpStatusCode.Accepted, await PublishAsync(fixture.Api[1], root + "/dogs?event=new-dog", "Corgi", fixture.PublishKey, timeout.Token));
        Assert.Equal(HttpStatusCode.Accepted, await PublishAsync(fixture.Api[1], root + "/cats?event=new-cat", "Persian", fixture.PublishKey, timeout.Token));

        var dogAbove = await ancestor.NextMatchingAsync(e => e.EventType != "message", timeout.Token);
        var dog = await own.NextMatchingAsync(e => e.EventType != "message", timeout.Token);
        Assert.Equal(("new-dog", "Corgi"), (dogAbove.EventType, dogAbove.Data));
        Assert.Equal(("new-dog", "Corgi"), (dog.EventType, dog.Data));
        Assert.Equal(("new-cat", "Persian"), ToPair(await ancestor.NextMatchingAsync(e => e.EventType != "message", timeout.Token)));

        // The sibling namespace gets its own event and not the dog published before it.
        Assert.Equal(("new-cat", "Persian"), ToPair(await sibling.NextMatchingAsync(e => e.EventType != "message", timeout.Token)));
    }

    [Fact]
    public async Task Front_ends_refuse_publishers_and_admin_viewers_without_the_keys_given_as_parameters()
    {
        using var timeout = new CancellationTokenSource(Timeout);
        foreach (var api in fixture.Api)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, await PublishAsync(api, "/aspire-anonymous", "x", key: null, timeout.Token));
            Assert.Equal(HttpStatusCode.Unauthorized, await PublishAsync(api, "/aspire-anonymous", "x", key: fixture.AdminKey, timeout.Token));
            using var anonymous = await api.GetAsync(new Uri("admin/status.json", UriKind.Relative), timeout.Token);
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
            using var status = await GetStatusAsync(api, "", timeout.Token);
            Assert.Equal(HttpStatusCode.OK, status.StatusCode);
        }
    }

    [Fact]
    public async Task Status_of_one_front_end_counts_the_subscribers_of_the_other_and_both_front_ends()
    {
        using var timeout = new CancellationTokenSource(Timeout);
        var ns = "/aspire-count-" + Guid.NewGuid().ToString("N")[..8];
        await using var first = await SseClient.OpenAsync(fixture.Api[0], "subscribe" + ns, cancellationToken: timeout.Token);
        await using var second = await SseClient.OpenAsync(fixture.Api[0], "subscribe" + ns, cancellationToken: timeout.Token);

        var status = await WaitForSubscribersAsync(fixture.Api[1], ns, 2, timeout.Token);

        Assert.Equal(AppHostFixture.Replicas, status.GetProperty("cluster").GetProperty("front_ends").GetArrayLength());
    }

    [Fact]
    public async Task SamplePublisher_publishes_through_the_grains_to_subscribers_of_every_front_end()
    {
        using var timeout = new CancellationTokenSource(Timeout);
        foreach (var api in fixture.Api)
        {
            await using var time = await SseClient.OpenAsync(api, "subscribe/time", cancellationToken: timeout.Token);
            var tick = await time.NextMatchingAsync(e => e.EventType == "time", timeout.Token);
            Assert.True(DateTimeOffset.TryParse(tick.Data, System.Globalization.CultureInfo.InvariantCulture, out _), tick.Data);
        }
    }

    [Fact]
    public async Task Dashboard_shows_the_silo_and_api_replicas_running()
    {
        await using var browser = await browsers.NewPageAsync(output);
        var page = browser.Page;
        await page.SetViewportSizeAsync(1600, 1000);
        await page.GotoAsync(fixture.DashboardUrl.ToString(), new() { Timeout = (float)Timeout.TotalMilliseconds });

        // The resources page: one row per replica, its name and its state (as the cell's title).
        const string Rows = """
            () => [...document.querySelectorAll('tr.resource-row')].map(row => [
                row.querySelector('.resource-name-text')?.textContent.trim() ?? '',
                row.querySelector('td[col-index="2"]')?.getAttribute('title') ?? ''])
            """;
        const string AllRunning = "(" + Rows + """
            )().filter(([name, state]) => /^(silo|api)-/.test(name) && state === 'Running').length === 4
            """;
        await page.WaitForFunctionAsync("() => " + AllRunning, null, new() { Timeout = (float)Timeout.TotalMilliseconds });
        var rows = (await page.EvaluateAsync<string[][]>(Rows)).Select(row => new DashboardRow(row[0], row[1])).ToList();
        await page.ScreenshotAsync(new() { Path = Path.Combine(AppContext.BaseDirectory, "dashboard.png") });

        Assert.Equal(AppHostFixture.Replicas, rows.Count(r => r.Name.StartsWith("silo-", StringComparison.Ordinal) && r.State == "Running"));
        Assert.Equal(AppHostFixture.Replicas, rows.Count(r => r.Name.StartsWith("api-", StringComparison.Ordinal) && r.State == "Running"));
        Assert.Contains(rows, r => r.Name == "redis" && r.State == "Running");
        Assert.Contains(rows, r => r.Name == "publisher" && r.State == "Running");
    }

    [Fact]
    [RunLast]
    public async Task Every_process_of_the_cluster_is_gone_once_the_AppHost_is_stopped()
    {
        var processes = fixture.Processes;
        Assert.Contains(processes, p => p.CommandLine.Contains("dcp start-apiserver", StringComparison.Ordinal));
        Assert.Equal(AppHostFixture.Replicas, processes.Count(p => p.CommandLine.EndsWith("SseOrleans.Silo", StringComparison.Ordinal)));
        Assert.Equal(AppHostFixture.Replicas, processes.Count(p => p.CommandLine.EndsWith("SseOrleans.Api", StringComparison.Ordinal)));
        Assert.Contains(processes, p => p.CommandLine.EndsWith("SseOrleans.SamplePublisher", StringComparison.Ordinal));

        await fixture.StopAsync();

        // DCP's own processes leave a few seconds after it has stopped the resources.
        var survivors = await LinuxProcess.SurvivorsAsync(processes, TimeSpan.FromSeconds(30));
        Assert.Empty(survivors.Select(p => $"{p.Pid}: {p.CommandLine}"));
    }

    private int Count(string resource) =>
        fixture.Resources.Values.Count(r => r.Resource.Name == resource && r.Snapshot.State?.Text == KnownResourceStates.Running);

    private static (string, string) ToPair(System.Net.ServerSentEvents.SseItem<string> item) => (item.EventType, item.Data);

    private static async Task<HttpStatusCode> PublishAsync(HttpClient api, string pathAndQuery, string data, string? key, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "publish" + pathAndQuery) { Content = new StringContent(data) };
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        using var response = await api.SendAsync(request, cancellationToken);
        return response.StatusCode;
    }

    private Task<HttpResponseMessage> GetStatusAsync(HttpClient api, string query, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "admin/status.json" + query);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", fixture.AdminKey);
        return api.SendAsync(request, cancellationToken);
    }

    /// <summary>
    /// Polls <c>/admin/status.json</c> of <paramref name="api"/> until the cluster view counts <paramref name="expected"/>
    /// subscribers of <paramref name="ns"/>: front-ends report their counts on a timer, there is nothing to await.
    /// </summary>
    private async Task<JsonElement> WaitForSubscribersAsync(HttpClient api, string ns, int expected, CancellationToken cancellationToken)
    {
        while (true)
        {
            using (var response = await GetStatusAsync(api, "?limit=10000", cancellationToken))
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
                var cluster = document.RootElement.GetProperty("cluster");
                if (cluster.ValueKind == JsonValueKind.Object
                    && cluster.GetProperty("namespaces").EnumerateArray().Any(entry =>
                        entry.GetProperty("namespace").GetString() == ns && entry.GetProperty("subscribers").GetInt32() == expected))
                {
                    return document.RootElement.Clone();
                }
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
        }
    }

    private sealed record DashboardRow(string Name, string State);
}
