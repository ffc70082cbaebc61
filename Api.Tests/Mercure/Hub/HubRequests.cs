using System.Net.Http.Headers;
using SseOrleans.TestSupport;

namespace SseOrleans.Api.Tests.Mercure.Hub;

/// <summary>Requests as Mercure clients send them: a publisher's urlencoded form (Symfony's shape), a subscriber's query.</summary>
internal static class HubRequests
{
    public const string HubPath = "/.well-known/mercure";

    /// <summary>A unique topic under <c>https://example.com/</c>.</summary>
    public static string Topic(string prefix = "books") => $"https://example.com/{prefix}/" + Guid.NewGuid().ToString("N")[..12];

    /// <summary><c>POST</c> of a form with the fields in the order given (a field may repeat, as <c>topic</c> does).</summary>
    public static async Task<HttpResponseMessage> PublishAsync(HttpClient http, (string Name, string Value)[] fields, string? bearer = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, HubPath)
        {
            Content = new StringContent(Form(fields), System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"),
        };
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        return await http.SendAsync(request);
    }

    /// <summary>Publishes and returns the id the hub answered, asserting <c>200</c>.</summary>
    public static async Task<string> PublishOkAsync(HttpClient http, (string Name, string Value)[] fields, string? bearer = null)
    {
        using var response = await PublishAsync(http, fields, bearer);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}");
        return body;
    }

    /// <summary>The subscribe path for <paramref name="selectors"/>, with extra query parameters.</summary>
    public static string SubscribePath(string[] selectors, params (string Name, string Value)[] more) =>
        HubPath + "?" + Form([.. selectors.Select(selector => ("topic", selector)), .. more]);

    public static Task<SseClient> SubscribeAsync(HttpClient http, params string[] selectors) =>
        SseClient.OpenAsync(http, SubscribePath(selectors));

    public static string Form((string Name, string Value)[] fields) =>
        string.Join('&', fields.Select(field => Uri.EscapeDataString(field.Name) + "=" + Uri.EscapeDataString(field.Value)));
}
