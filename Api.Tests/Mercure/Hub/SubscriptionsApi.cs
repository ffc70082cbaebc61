using System.Net.Http.Headers;

namespace SseOrleans.Api.Tests.Mercure.Hub;

/// <summary>Requests to the subscriptions API, with a token in the <c>Authorization</c> header or none.</summary>
internal static class SubscriptionsApi
{
    public static async Task<HttpResponseMessage> GetAsync(HttpClient http, string path, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await http.SendAsync(request);
    }
}
