using System.Net.Http.Headers;
using SseOrleans.TestSupport;

namespace SseOrleans.Api.Tests.Authorization;

/// <summary>Subscribe and publish requests that carry a token, for tests that look at the answer's status and headers.</summary>
internal static class AuthRequests
{
    /// <summary><c>GET /subscribe{path}</c> with the token as a bearer header (if any); the stream, if it opens, is the caller's to dispose.</summary>
    public static async Task<HttpResponseMessage> SubscribeAsync(HttpClient http, string path, string? token = null, string? cookie = null, string? origin = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/subscribe" + path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (cookie is not null)
        {
            request.Headers.Add("Cookie", cookie);
        }

        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        using var timeout = new CancellationTokenSource(SseClient.Timeout);
        return await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
    }

    public static async Task<HttpResponseMessage> PublishAsync(HttpClient http, string path, string? token, string data = "x")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/publish" + path) { Content = new StringContent(data) };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var timeout = new CancellationTokenSource(SseClient.Timeout);
        return await http.SendAsync(request, timeout.Token);
    }

    /// <summary>A client that sends <paramref name="token"/> (if any) as a bearer header with every request, for the shared SSE client.</summary>
    public static HttpClient ClientWith(Uri baseAddress, string? token)
    {
        var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        if (token is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return http;
    }

    /// <summary>The status of a subscribe, its stream closed at once.</summary>
    public static async Task<int> SubscribeStatusAsync(HttpClient http, string path, string? token = null)
    {
        using var response = await SubscribeAsync(http, path, token);
        return (int)response.StatusCode;
    }

    public static string Challenge(HttpResponseMessage response) => string.Join(", ", response.Headers.WwwAuthenticate.Select(value => value.ToString()));
}
