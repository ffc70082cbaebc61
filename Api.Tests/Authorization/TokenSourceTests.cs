using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using SseOrleans.TestSupport;

namespace SseOrleans.Api.Tests.Authorization;

/// <summary>
/// Where a browser's token comes from (it cannot set headers on an <c>EventSource</c>): the cookie, or the
/// query string, which is then written nowhere: not in any log line at any level, not in the traces, not
/// in <c>status.json</c> (nor so on the admin page, which shows what <c>status.json</c> says).
/// </summary>
[Collection(JwtCollectionDefinition.Name)]
public sealed class TokenSourceTests(JwtHostFixture fixture)
{
    private readonly HttpClient _http = fixture.Host.Http;

    [Theory]
    [InlineData("authorization")]
    [InlineData("access_token")]
    public async Task A_token_in_the_query_string_is_accepted_and_appears_in_no_log_trace_or_status(string parameter)
    {
        var ns = "/users/q" + Guid.NewGuid().ToString("N")[..8];
        var token = Tokens.Hs256(subscribe: [ns]);
        var path = "/subscribe" + ns + "/inbox";
        using var traces = new RequestTraces(path);

        // Another parameter beside the token survives its removal: the replay comment answers lastEventId.
        var response = await _http.GetAsync($"{path}?lastEventId=1-1&{parameter}={Uri.EscapeDataString(token)}", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsStreamAsync();
        Assert.Contains(": replay", await StreamText.ReadUntilAsync(body, ": replay"), StringComparison.Ordinal);

        using var statusRequest = new HttpRequestMessage(HttpMethod.Get, "/admin/status.json?namespace=" + Uri.EscapeDataString(ns + "/inbox"));
        statusRequest.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", JwtHostFixture.AdminKey);
        using var statusResponse = await _http.SendAsync(statusRequest);
        var status = await statusResponse.Content.ReadAsStringAsync();
        Assert.Contains($"\"request_path\":\"{path}\"", status, StringComparison.Ordinal);
        Assert.DoesNotContain(token, status, StringComparison.Ordinal);

        response.Dispose();
        var trace = await traces.StoppedAsync();
        Assert.DoesNotContain(trace.Tags, tag => tag.Contains(token, StringComparison.Ordinal));
        Assert.True(trace.Tags.Any(tag => tag.StartsWith("url.query=", StringComparison.Ordinal) && tag.Contains("lastEventId", StringComparison.Ordinal)), string.Join(" ; ", trace.Tags));

        var logs = fixture.Logs;
        Assert.Contains(logs, line => line.Contains("Request starting", StringComparison.Ordinal) && line.Contains(path + "?lastEventId=1-1", StringComparison.Ordinal));
        Assert.DoesNotContain(logs, line => line.Contains(token, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_bad_token_in_the_query_string_is_written_nowhere_either()
    {
        var token = Tokens.Hs256(subscribe: ["/users/" + Guid.NewGuid().ToString("N")], signingKey: "another-secret-that-is-long-enough-too");
        using var response = await _http.GetAsync("/subscribe/users/42?authorization=" + token);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.DoesNotContain(fixture.Logs, line => line.Contains(token, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_token_in_the_cookie_is_accepted()
    {
        var token = Tokens.Hs256(subscribe: ["/users/42"]);
        using var response = await AuthRequests.SubscribeAsync(_http, "/users/42/inbox", cookie: "mercureAuthorization=" + token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var other = await AuthRequests.SubscribeAsync(_http, "/users/42/inbox", cookie: "anotherCookie=" + token);
        Assert.Equal(HttpStatusCode.Unauthorized, other.StatusCode);
    }

    [Theory]
    [InlineData("/users/42", HttpStatusCode.OK)]
    [InlineData("/users/7", HttpStatusCode.Forbidden)]
    public async Task Of_two_cookies_of_the_name_the_first_one_counts(string path, HttpStatusCode expected)
    {
        // A browser sends the user's own cookie first (most specific path, then oldest); one set later by a
        // sibling subdomain for the parent domain comes after it and must not override it.
        var own = "mercureAuthorization=" + Tokens.Hs256(subscribe: ["/users/42"]);
        var planted = "mercureAuthorization=" + Tokens.Hs256(subscribe: ["/users/7"]);
        using var response = await AuthRequests.SubscribeAsync(_http, path, cookie: $"{own}; {planted}");
        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task The_header_wins_over_the_cookie()
    {
        using var response = await AuthRequests.SubscribeAsync(
            _http, "/users/42", token: Tokens.Hs256(subscribe: ["/users/7"]), cookie: "mercureAuthorization=" + Tokens.Hs256(subscribe: ["/users/42"]));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task A_configured_origin_may_subscribe_with_credentials_and_others_get_no_cors_answer()
    {
        var cookie = "mercureAuthorization=" + Tokens.Hs256(subscribe: ["/users/42"]);
        using (var allowed = await AuthRequests.SubscribeAsync(_http, "/users/42", cookie: cookie, origin: JwtHostFixture.AppOrigin))
        {
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
            Assert.Equal([JwtHostFixture.AppOrigin], allowed.Headers.GetValues("Access-Control-Allow-Origin"));
            Assert.Equal(["true"], allowed.Headers.GetValues("Access-Control-Allow-Credentials"));
        }

        using var other = await AuthRequests.SubscribeAsync(_http, "/news", origin: "https://evil.example");
        Assert.False(other.Headers.Contains("Access-Control-Allow-Origin"));
    }

    /// <summary>The ASP.NET Core request activity (what tracing exports) of one path, with every tag as "name=value".</summary>
    private sealed class RequestTraces : IDisposable
    {
        private readonly ActivityListener _listener;
        private readonly TaskCompletionSource<(string[] Tags, string Name)> _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly ConcurrentBag<Activity> _seen = [];

        public RequestTraces(string path)
        {
            _listener = new ActivityListener
            {
                ShouldListenTo = source => source.Name == "Microsoft.AspNetCore",
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
                ActivityStopped = activity =>
                {
                    if (activity.GetTagItem("url.path") as string == path)
                    {
                        _stopped.TrySetResult(([.. activity.TagObjects.Select(tag => $"{tag.Key}={tag.Value}")], activity.DisplayName));
                    }
                },
            };
            ActivitySource.AddActivityListener(_listener);
        }

        public async Task<(string[] Tags, string Name)> StoppedAsync() => await _stopped.Task.WaitAsync(SseClient.Timeout);

        public void Dispose() => _listener.Dispose();
    }
}
