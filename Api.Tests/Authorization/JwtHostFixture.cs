using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SseOrleans.Api.Tests.Infrastructure;

namespace SseOrleans.Api.Tests.Authorization;

/// <summary>
/// One Api with HS256 tokens on (the shared secret of <see cref="Tokens"/>, its audience, no clock skew),
/// only <c>/news</c> public, a publish key (so loopback alone does not publish), one browser origin allowed
/// with credentials, and every log line at every level kept in <see cref="Logs"/>.
/// </summary>
public sealed class JwtHostFixture : IAsyncLifetime, IDisposable
{
    public const string PublishKey = "tests-only-publish-key";
    public const string AppOrigin = "https://app.example";

    private readonly CapturedLogs _logs = new();

    public ApiHost Host { get; private set; } = null!;

    internal IReadOnlyCollection<string> Logs => _logs.Lines;

    public void Dispose() => _logs.Dispose();

    public Task InitializeAsync()
    {
        Host = new ApiHost(
            new Dictionary<string, string?>
            {
                ["Sse:Auth:SigningKey"] = Tokens.SigningKey,
                ["Sse:Auth:Audience"] = Tokens.Audience,
                ["Sse:Auth:ClockSkew"] = "00:00:00",
                ["Sse:Anonymous:Subscribe:0"] = "/news",
                ["Sse:PublishKey"] = PublishKey,
                ["Sse:AllowedOrigins:0"] = AppOrigin,
                ["Logging:LogLevel:Default"] = "Trace",
                ["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace",
                ["Logging:LogLevel:Orleans"] = "Warning",
                ["Logging:LogLevel:Microsoft.Orleans"] = "Warning",
            },
            services => services.AddSingleton<ILoggerProvider>(_logs));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        _logs.Dispose();
    }
}

/// <summary>The tests of the JWT host run one after another on it.</summary>
[CollectionDefinition(Name)]
public sealed class JwtCollectionDefinition : ICollectionFixture<JwtHostFixture>
{
    public const string Name = "jwt";
}
