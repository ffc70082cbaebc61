using System.Text.Json;
using SseOrleans.Api.Tests.Infrastructure;
using SseOrleans.TestSupport;

namespace SseOrleans.Api.Tests.Admin;

/// <summary>Reads <c>/admin/status.json</c> as a JSON document, so tests see the wire names.</summary>
internal static class AdminStatus
{
    public static async Task<JsonElement> GetAsync(HttpClient http, string query, CancellationToken cancellationToken, string? remoteIp = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "admin/status.json" + query);
        if (remoteIp is not null)
        {
            request.Headers.Add(TestRemoteIp.Header, remoteIp);
        }

        using var response = await http.SendAsync(request, cancellationToken);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        return document.RootElement.Clone();
    }

    /// <summary>Polls until <paramref name="condition"/> holds for a report: the cluster view follows reports on a timer.</summary>
    public static Task<JsonElement> WaitForAsync(HttpClient http, string query, Func<JsonElement, bool> condition, CancellationToken cancellationToken) =>
        Eventually.MatchAsync(
            token => GetAsync(http, query, token),
            condition,
            "a status report that meets the condition",
            Timeout.InfiniteTimeSpan,
            TimeSpan.FromMilliseconds(50),
            cancellationToken);

    public static string Query(string @namespace, int? limit = null) =>
        "?namespace=" + Uri.EscapeDataString(@namespace) + (limit is { } l ? "&limit=" + l : string.Empty);

    public static JsonElement? ClusterNamespace(JsonElement status, string @namespace)
    {
        if (status.GetProperty("cluster").ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var entry in status.GetProperty("cluster").GetProperty("namespaces").EnumerateArray())
        {
            if (entry.GetProperty("namespace").GetString() == @namespace)
            {
                return entry;
            }
        }

        return null;
    }
}
