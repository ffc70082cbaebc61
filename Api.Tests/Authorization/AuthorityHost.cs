using SseOrleans.Api.Tests.Infrastructure;
using SseOrleans.TestSupport;

namespace SseOrleans.Api.Tests.Authorization;

/// <summary>The <see cref="TestAuthority"/> and an Api that checks tokens against its published keys (<c>Sse:Auth:Authority</c>, over plain HTTP since it is on loopback).</summary>
public sealed class AuthorityHost : IAsyncDisposable
{
    private AuthorityHost(TestAuthority authority, ApiHost api)
    {
        Authority = authority;
        Api = api;
    }

    public TestAuthority Authority { get; }

    public ApiHost Api { get; }

    public static async Task<AuthorityHost> StartAsync()
    {
        var authority = await TestAuthority.StartAsync();
        var api = new ApiHost(new Dictionary<string, string?>
        {
            ["Sse:Auth:Authority"] = authority.IssuerName,
            ["Sse:Auth:Audience"] = Tokens.Audience,
            ["Sse:Anonymous:Subscribe:0"] = "",
            ["Sse:AdminEnabled"] = "false", // nothing public: open admin pages would list private namespaces
        });
        return new AuthorityHost(authority, api);
    }

    public async ValueTask DisposeAsync()
    {
        await Api.DisposeAsync();
        await Authority.DisposeAsync();
    }
}

public sealed class AuthorityFixture() : HostFixture<AuthorityHost>(AuthorityHost.StartAsync);
