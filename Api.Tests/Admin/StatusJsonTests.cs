using System.Net;
using System.Text;
using System.Text.Json;
using SseOrleans.Api.Tests.Infrastructure;
using SseOrleans.TestSupport;

namespace SseOrleans.Api.Tests.Admin;

[Collection(AdminCollectionDefinition.Name)]
public sealed class StatusJsonTests(AdminFixture fixture)
{
    private readonly HttpClient _http = fixture.Host.Http;

    [Fact]
    public async Task Status_describes_each_open_connection_with_the_ancestors_fields()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var ns = TestNamespace.Unique("/status-fields/");
        await using var first = await SseClient.OpenAsync(_http, "/subscribe" + ns, userAgent: "status-test/1");
        await using var second = await SseClient.OpenAsync(_http, "/subscribe" + ns + "/", userAgent: "status-test/2");

        var status = await AdminStatus.GetAsync(_http, AdminStatus.Query(ns), timeout.Token);

        Assert.False(string.IsNullOrEmpty(status.GetProperty("node").GetString()));
        Assert.Equal("OK", status.GetProperty("status").GetString());
        var reportedAt = status.GetProperty("reported_at").GetInt64();
        var startupTime = status.GetProperty("startup_time").GetInt64();
        Assert.InRange(reportedAt, DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 5, DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 1);
        Assert.InRange(startupTime, reportedAt - 600, reportedAt);
        Assert.True(status.GetProperty("msgs_broadcast").GetInt64() >= 0);
        Assert.Equal(2, status.GetProperty("connections_matched").GetInt32());
        Assert.True(status.GetProperty("connections_total").GetInt32() >= 2);
        Assert.True(status.GetProperty("client_ips_shown").GetBoolean());

        var connections = status.GetProperty("connections").EnumerateArray().ToList();
        Assert.Equal(2, connections.Count);
        Assert.Equal(["status-test/1", "status-test/2"], connections.Select(c => c.GetProperty("user_agent").GetString()).Order());
        Assert.Equal(["/subscribe" + ns, "/subscribe" + ns + "/"], connections.Select(c => c.GetProperty("request_path").GetString()).Order());
        foreach (var connection in connections)
        {
            Assert.Equal(
                ["client_ip", "created_at", "msgs_sent", "namespace", "request_path", "user_agent"],
                connection.EnumerateObject().Select(p => p.Name).Order());
            Assert.Equal(ns, connection.GetProperty("namespace").GetString());
            Assert.Equal("127.0.0.1", connection.GetProperty("client_ip").GetString());
            Assert.InRange(connection.GetProperty("created_at").GetInt64(), startupTime, reportedAt);
            Assert.Equal(0, connection.GetProperty("msgs_sent").GetInt64());
        }
    }

    [Fact]
    public async Task Status_counts_the_events_each_connection_was_sent_and_the_events_broadcast()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var ns = TestNamespace.Unique("/status-sent/");
        await using var parent = await SseClient.OpenAsync(_http, "/subscribe" + ns, userAgent: "parent");
        await using var child = await SseClient.OpenAsync(_http, "/subscribe" + ns + "/child", userAgent: "child");
        var before = (await AdminStatus.GetAsync(_http, AdminStatus.Query(ns), timeout.Token)).GetProperty("msgs_broadcast").GetInt64();

        await _http.PublishAsync(ns + "/child", "one", cancellationToken: timeout.Token);
        await _http.PublishAsync(ns + "/child", "two", cancellationToken: timeout.Token);
        await _http.PublishAsync(ns, "three", cancellationToken: timeout.Token);
        foreach (var expected in new[] { "one", "two", "three" })
        {
            Assert.Equal(expected, (await parent.NextAsync()).Data);
        }

        Assert.Equal("one", (await child.NextAsync()).Data);
        Assert.Equal("two", (await child.NextAsync()).Data);

        var parentStatus = await AdminStatus.GetAsync(_http, AdminStatus.Query(ns), timeout.Token);
        var childStatus = await AdminStatus.GetAsync(_http, AdminStatus.Query(ns + "/child"), timeout.Token);
        Assert.Equal(3, Assert.Single(parentStatus.GetProperty("connections").EnumerateArray()).GetProperty("msgs_sent").GetInt64());
        Assert.Equal(2, Assert.Single(childStatus.GetProperty("connections").EnumerateArray()).GetProperty("msgs_sent").GetInt64());

        // Five events reached this front-end's two feeds (3 on the parent's stream, 2 on the child's).
        Assert.True(childStatus.GetProperty("msgs_broadcast").GetInt64() - before >= 5);
    }

    [Fact]
    public async Task Limit_bounds_the_listing_while_the_total_counts_every_connection()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var ns = TestNamespace.Unique("/status-limit/");
        var subscriptions = new List<SseClient>();
        try
        {
            for (var i = 0; i < 5; i++)
            {
                subscriptions.Add(await SseClient.OpenAsync(_http, "/subscribe" + ns, userAgent: "limit-test"));
            }

            var limited = await AdminStatus.GetAsync(_http, AdminStatus.Query(ns, limit: 2), timeout.Token);
            var unlimited = await AdminStatus.GetAsync(_http, AdminStatus.Query(ns), timeout.Token);

            Assert.Equal(5, limited.GetProperty("connections_matched").GetInt32());
            Assert.Equal(2, limited.GetProperty("connections").GetArrayLength());
            Assert.Equal(5, unlimited.GetProperty("connections").GetArrayLength());
        }
        finally
        {
            foreach (var subscription in subscriptions)
            {
                await subscription.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task With_a_namespace_filter_the_total_still_counts_every_connection_of_this_front_end()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var ns = "/status-total/" + Guid.NewGuid().ToString("N")[..8];
        await using var inside = await SseClient.OpenAsync(_http, "/subscribe" + ns, userAgent: "total-test");
        await using var outside = await SseClient.OpenAsync(_http, "/subscribe" + ns + "-other", userAgent: "total-test");

        var filtered = await AdminStatus.GetAsync(_http, AdminStatus.Query(ns), timeout.Token);
        var all = await AdminStatus.GetAsync(_http, string.Empty, timeout.Token);

        Assert.Equal(1, filtered.GetProperty("connections_matched").GetInt32());
        Assert.Single(filtered.GetProperty("connections").EnumerateArray());
        Assert.Equal(all.GetProperty("connections_total").GetInt32(), filtered.GetProperty("connections_total").GetInt32());
        Assert.True(all.GetProperty("connections_total").GetInt32() >= 2);
        Assert.Equal(all.GetProperty("connections_total").GetInt32(), all.GetProperty("connections_matched").GetInt32());
    }

    [Theory]
    [InlineData("1e9")]
    [InlineData("-1")]
    [InlineData("ten")]
    [InlineData("5.5")]
    public async Task A_limit_that_is_not_a_whole_number_is_a_bad_request_with_the_reason(string limit)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var response = await _http.GetAsync("admin/status.json?limit=" + limit, timeout.Token);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync(timeout.Token);
        Assert.Contains("limit must be a whole number", body, StringComparison.Ordinal);
        Assert.Single(body.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public async Task Head_of_the_status_answers_its_headers_without_a_body()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var request = new HttpRequestMessage(HttpMethod.Head, "admin/status.json");
        using var response = await _http.SendAsync(request, timeout.Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        Assert.Empty(await response.Content.ReadAsByteArrayAsync(timeout.Token));
    }

    [Fact]
    public async Task Cluster_view_shows_subscribers_and_published_events_per_namespace_and_this_front_end()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var ns = TestNamespace.Unique("/status-cluster/");
        await using var first = await SseClient.OpenAsync(_http, "/subscribe" + ns, userAgent: "cluster-test");
        await using var second = await SseClient.OpenAsync(_http, "/subscribe" + ns, userAgent: "cluster-test");
        for (var i = 0; i < 4; i++)
        {
            await _http.PublishAsync(ns, "event " + i, cancellationToken: timeout.Token);
        }

        var status = await AdminStatus.WaitForAsync(
            _http,
            "?limit=1000",
            s => AdminStatus.ClusterNamespace(s, ns) is { } entry
                && entry.GetProperty("subscribers").GetInt32() == 2
                && entry.GetProperty("published").GetInt64() == 4,
            timeout.Token);

        var cluster = status.GetProperty("cluster");
        Assert.True(cluster.GetProperty("events_published").GetInt64() >= 4);
        Assert.True(AdminStatus.ClusterNamespace(status, ns)!.Value.GetProperty("published_per_second").GetDouble() > 0);
        var node = status.GetProperty("node").GetString();
        var self = Assert.Single(cluster.GetProperty("front_ends").EnumerateArray(), f => f.GetProperty("node").GetString() == node);
        Assert.True(self.GetProperty("reported_at").GetInt64() > 1_700_000_000); // Unix seconds, as the ancestor's times
        Assert.True(self.GetProperty("connections").GetInt32() >= 2);
        Assert.Equal(JsonValueKind.Null, status.GetProperty("cluster_error").ValueKind);
    }

    [Fact]
    public async Task Client_ips_are_hidden_from_a_remote_viewer_when_no_admin_key_is_set()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var ns = TestNamespace.Unique("/status-ip/");
        await using var subscription = await SseClient.OpenAsync(_http, "/subscribe" + ns, userAgent: "ip-test");

        var remote = await AdminStatus.GetAsync(_http, AdminStatus.Query(ns), timeout.Token, remoteIp: "203.0.113.7");
        var local = await AdminStatus.GetAsync(_http, AdminStatus.Query(ns), timeout.Token);

        Assert.False(remote.GetProperty("client_ips_shown").GetBoolean());
        var hidden = Assert.Single(remote.GetProperty("connections").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, hidden.GetProperty("client_ip").ValueKind);
        Assert.Equal("ip-test", hidden.GetProperty("user_agent").GetString());
        Assert.Equal("127.0.0.1", Assert.Single(local.GetProperty("connections").EnumerateArray()).GetProperty("client_ip").GetString());
    }

    [Fact]
    public async Task The_namespace_filter_is_decoded_once_like_the_subscribe_path()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var ns = "/status-decoded/" + Guid.NewGuid().ToString("N")[..8];
        await using var subscription = await SseClient.OpenAsync(_http, "/subscribe" + ns + "/a%252Fb", userAgent: "decoded-test");

        var status = await AdminStatus.GetAsync(_http, AdminStatus.Query(ns + "/a%2Fb"), timeout.Token);

        var connection = Assert.Single(status.GetProperty("connections").EnumerateArray());
        Assert.Equal(ns + "/a%2Fb", connection.GetProperty("namespace").GetString());
    }

    [Fact]
    public async Task An_invalid_namespace_filter_is_a_bad_request()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var response = await _http.GetAsync("admin/status.json?namespace=/a//b", timeout.Token);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
