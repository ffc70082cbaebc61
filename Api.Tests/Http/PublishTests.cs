using System.Net;
using System.Net.Http.Json;
using SseOrleans.Abstractions;
using SseOrleans.Api.Tests.Infrastructure;
using SseOrleans.TestSupport;

namespace SseOrleans.Api.Tests.Http;

[Collection(ApiCollectionDefinition.Name)]
public sealed class PublishTests(ApiFixture fixture)
{
    private readonly HttpClient _http = fixture.Host.Http;

    [Fact]
    public async Task Publishing_answers_202_with_the_namespace_and_the_id_subscribers_see()
    {
        await using var subscriber = await SseClient.OpenAsync(_http, "/subscribe/answers");

        using var response = await _http.PostAsync("/publish/answers/?event=greeting", new StringContent("hello", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var answer = await response.Content.ReadFromJsonAsync<Dictionary<string, string>>();
        Assert.Equal("/answers", answer!["namespace"]);
        var received = await subscriber.NextAsync();
        Assert.Equal((answer["id"], "greeting", "hello"), (received.EventId, received.EventType, received.Data));
    }

    [Fact]
    public async Task A_publish_repeated_with_its_Idempotency_Key_is_delivered_once_and_answered_with_the_first_id()
    {
        await using var subscriber = await SseClient.OpenAsync(_http, "/subscribe/idempotent");
        var key = Guid.NewGuid().ToString();

        var first = await PublishWithKeyAsync("/publish/idempotent", "once", key);
        var again = await PublishWithKeyAsync("/publish/idempotent", "once", key);
        var other = await PublishWithKeyAsync("/publish/idempotent", "next", Guid.NewGuid().ToString());

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
        Assert.Equal([(first, "once"), (other, "next")], (await subscriber.NextAsync(2)).Select(e => (e.EventId, e.Data)));
        Assert.False(subscriber.TryTakeAny(out _));
    }

    [Theory]
    [InlineData("/publish/reused?event=greeting", "changed")]
    [InlineData("/publish/reused?event=other", "hello")]
    [InlineData("/publish/reused", "hello")]
    public async Task An_Idempotency_Key_reused_with_another_body_or_event_is_422_and_publishes_nothing(string path, string data)
    {
        await using var subscriber = await SseClient.OpenAsync(_http, "/subscribe/reused");
        var key = Guid.NewGuid().ToString();
        var first = await PublishWithKeyAsync("/publish/reused?event=greeting", "hello", key);

        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(data) };
        request.Headers.Add("Idempotency-Key", key);
        using var reused = await _http.SendAsync(request);
        var retried = await PublishWithKeyAsync("/publish/reused?event=greeting", "hello", key);
        var next = await PublishWithKeyAsync("/publish/reused", "next", Guid.NewGuid().ToString());

        Assert.Equal(HttpStatusCode.UnprocessableEntity, reused.StatusCode);
        Assert.Equal("application/problem+json", reused.Content.Headers.ContentType?.MediaType);
        var problem = await reused.Content.ReadFromJsonAsync<Dictionary<string, object>>();
        Assert.Equal("Idempotency-Key reused for a different publish", problem!["title"].ToString());
        Assert.Contains(first, problem["detail"].ToString(), StringComparison.Ordinal);
        Assert.Equal(first, retried);
        Assert.Equal([(first, "hello"), (next, "next")], (await subscriber.NextAsync(2)).Select(e => (e.EventId, e.Data)));
        Assert.True(SseEventId.TryParse(first, out var firstId));
        Assert.True(SseEventId.TryParse(next, out var nextId));
        Assert.Equal(firstId with { Sequence = firstId.Sequence + 1 }, nextId);
    }

    [Fact]
    public async Task An_Idempotency_Key_that_is_too_long_is_a_bad_request()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/publish/idempotent") { Content = new StringContent("x") };
        request.Headers.Add("Idempotency-Key", new string('k', 257));
        using var response = await _http.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Idempotency-Key", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_body_is_an_event_with_empty_data()
    {
        await using var subscriber = await SseClient.OpenAsync(_http, "/subscribe/empty");
        using var response = await _http.PostAsync("/publish/empty", new ByteArrayContent([]));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("", (await subscriber.NextAsync()).Data);
    }

    [Fact]
    public async Task A_body_up_to_the_limit_is_accepted_and_one_byte_more_is_too_large()
    {
        using var fits = await _http.PostAsync("/publish/sized", new ByteArrayContent(new byte[ApiFixture.MaxMessageBytes].Select(_ => (byte)'a').ToArray()));
        Assert.Equal(HttpStatusCode.Accepted, fits.StatusCode);

        using var tooLarge = await _http.PostAsync("/publish/sized", new StringContent(new string('a', ApiFixture.MaxMessageBytes + 1)));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        Assert.Contains("Sse:MaxMessageBytes", await tooLarge.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_too_large_is_refused_even_without_a_content_length()
    {
        var chunked = new StreamContent(new MemoryStream(new byte[ApiFixture.MaxMessageBytes * 3]));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/publish/sized") { Content = chunked };
        request.Headers.TransferEncodingChunked = true;
        using var response = await _http.SendAsync(request);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Theory]
    [InlineData("80000000\r\nabc", "chunk")]
    [InlineData("zz\r\nabc", "chunk")]
    public async Task A_body_the_server_cannot_read_is_a_bad_request_with_the_reason(string chunked, string reason)
    {
        var request = "POST /publish/x HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n" + chunked;

        var response = await RawHttp.SendAsync(fixture.Host.BaseAddress, System.Text.Encoding.ASCII.GetBytes(request), headOnly: false);

        Assert.Equal(400, response.Status);
        Assert.Contains(reason, response.Body, StringComparison.OrdinalIgnoreCase);
        Assert.Single(response.Body.TrimEnd('\n').Split('\n'));
    }

    [Theory]
    [InlineData("/publish/x?event=bad%0Aname", "CR, LF or NUL")]
    [InlineData("/publish/x?event=bad%0Dname", "CR, LF or NUL")]
    [InlineData("/publish/x?event=bad%00name", "CR, LF or NUL")]
    [InlineData("/publish//x", "empty segment")]
    [InlineData("/publish/x%2F..", "'.' or '..'")]
    public async Task Bad_names_and_namespaces_are_refused_with_a_reason(string path, string reason)
    {
        using var response = await _http.PostAsync(path, new StringContent("x"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(reason, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_event_name_over_256_bytes_is_refused()
    {
        using var response = await _http.PostAsync("/publish/x?event=" + new string('e', 257), new StringContent("x"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task A_body_that_is_not_utf8_is_refused()
    {
        using var response = await _http.PostAsync("/publish/x", new ByteArrayContent([0x61, 0xC3, 0x28]));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("UTF-8", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("PUT")]
    public async Task Other_methods_are_not_allowed(string method)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), "/publish/x");
        using var response = await _http.SendAsync(request);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }

    private async Task<string> PublishWithKeyAsync(string path, string data, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(data) };
        request.Headers.Add("Idempotency-Key", key);
        using var response = await _http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<Dictionary<string, string>>())!["id"];
    }
}
