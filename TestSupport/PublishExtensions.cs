using System.Globalization;
using System.Net;
using System.Text;
using SseOrleans.Abstractions;

namespace SseOrleans.TestSupport;

/// <summary>Publishing as the tests do it: over HTTP (<c>POST /publish</c>) or through the grain client.</summary>
public static class PublishExtensions
{
    /// <summary><c>POST /publish{namespace}[?event=]</c>; the status code, whatever it is (<c>503</c> while a cluster recovers).</summary>
    public static async Task<HttpStatusCode> TryPublishAsync(
        this HttpClient http, string @namespace, string data, string? eventName = null, CancellationToken cancellationToken = default)
    {
        var query = eventName is null ? string.Empty : "?event=" + Uri.EscapeDataString(eventName);
        using var content = new StringContent(data, Encoding.UTF8, "text/plain");
        using var response = await http.PostAsync(new Uri("/publish" + @namespace + query, UriKind.Relative), content, cancellationToken);
        return response.StatusCode;
    }

    /// <summary><c>POST /publish{namespace}[?event=]</c>, asserting <c>202 Accepted</c>.</summary>
    public static async Task PublishAsync(
        this HttpClient http, string @namespace, string data, string? eventName = null, CancellationToken cancellationToken = default) =>
        Assert.Equal(HttpStatusCode.Accepted, await http.TryPublishAsync(@namespace, data, eventName, cancellationToken));

    /// <summary>Publishes <c>"0"</c> … <c>count - 1</c> to <paramref name="path"/>, one after another; their ids in order.</summary>
    public static async Task<SseEventId[]> PublishNumberedAsync(this IGrainFactory grains, string path, int count)
    {
        var ids = new SseEventId[count];
        for (var i = 0; i < count; i++)
        {
            ids[i] = await grains.PublishAsync(path, i.ToString(CultureInfo.InvariantCulture));
        }

        return ids;
    }
}
