using System.Net;
using System.Net.Http.Headers;
using SseOrleans.Api.Tests.Infrastructure;

namespace SseOrleans.Api.Tests.Http;

[Collection(KeyedCollectionDefinition.Name)]
public sealed class PublishKeyTests(KeyedFixture fixture)
{
    private readonly ApiHost _host = fixture.Host;

    [Fact]
    public async Task With_a_publish_key_only_callers_that_present_it_may_publish()
    {
        using var without = await _host.Http.PostAsync("/publish/keyed", new StringContent("x"));
        Assert.Equal(HttpStatusCode.Unauthorized, without.StatusCode);
        Assert.Equal("Bearer", without.Headers.WwwAuthenticate.Single().Scheme);

        using var wrong = new HttpRequestMessage(HttpMethod.Post, "/publish/keyed") { Content = new StringContent("x") };
        wrong.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "guess");
        Assert.Equal(HttpStatusCode.Unauthorized, (await _host.Http.SendAsync(wrong)).StatusCode);

        using var right = new HttpRequestMessage(HttpMethod.Post, "/publish/keyed") { Content = new StringContent("x") };
        right.Headers.Authorization = new AuthenticationHeaderValue("Bearer", KeyedFixture.PublishKey);
        Assert.Equal(HttpStatusCode.Accepted, (await _host.Http.SendAsync(right)).StatusCode);
    }
}
