using System.Net;
using SseOrleans.TestSupport;

namespace SseOrleans.Api.Tests.Authorization;

/// <summary>An app's own authentication (a cookie sign-in) and its own handler for <see cref="FrontEnd.Authorization.NamespaceRequirement"/>.</summary>
[Collection(OwnRulesCollectionDefinition.Name)]
public sealed class OwnRulesTests(OwnRulesFixture fixture)
{
    private readonly OwnRulesHost _host = fixture.Host;

    [Fact]
    public async Task A_signed_in_user_reads_their_own_namespace_and_no_one_else_s()
    {
        var id = TestNamespace.Unique("u");
        using var user = _host.NewBrowserLikeClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (HttpStatusCode)await SubscribeStatusAsync(user, "/users/" + id));

        using (var login = await user.PostAsync(new Uri("/login/" + id, UriKind.Relative), null))
        {
            Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        }

        await using var own = await SseClient.OpenAsync(user, $"/events/subscribe/users/{id}");
        using (var published = await user.PostAsync(new Uri($"/events/publish/users/{id}/inbox", UriKind.Relative), new StringContent("hello " + id)))
        {
            Assert.Equal(HttpStatusCode.Accepted, published.StatusCode); // loopback: no key configured
        }

        Assert.Equal("hello " + id, (await own.NextAsync()).Data);

        Assert.Equal(HttpStatusCode.Forbidden, (HttpStatusCode)await SubscribeStatusAsync(user, "/users/" + id + "0"));
        Assert.Equal(HttpStatusCode.Forbidden, (HttpStatusCode)await SubscribeStatusAsync(user, "/users"));
        Assert.Equal(HttpStatusCode.OK, (HttpStatusCode)await SubscribeStatusAsync(user, "/news"));
    }

    [Fact]
    public async Task Without_signing_in_only_the_public_namespaces_are_readable()
    {
        using var anonymous = _host.NewBrowserLikeClient();
        Assert.Equal(HttpStatusCode.OK, (HttpStatusCode)await SubscribeStatusAsync(anonymous, "/news/today"));
        Assert.Equal(HttpStatusCode.Unauthorized, (HttpStatusCode)await SubscribeStatusAsync(anonymous, "/users/42"));
        Assert.Equal(HttpStatusCode.Unauthorized, (HttpStatusCode)await SubscribeStatusAsync(anonymous, "/"));
    }

    private static async Task<int> SubscribeStatusAsync(HttpClient http, string path)
    {
        using var response = await SseClient.SendAsync(http, "/events/subscribe" + path);
        return (int)response.StatusCode;
    }
}
