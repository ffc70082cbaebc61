using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SseOrleans.Api.Tests.Infrastructure;
using SseOrleans.TestSupport;

namespace SseOrleans.Api.Tests.Authorization;

/// <summary>
/// The Api with HS256 tokens on (the shared secret of <see cref="Tokens"/>, its audience, no clock skew),
/// only <c>/news</c> public, a publish key (so loopback alone does not publish), an admin key, one browser origin allowed
/// with credentials, every log line at every level kept (<see cref="Logs"/>), and tracing on as wherever traces
/// are exported (an OTLP endpoint on loopback's discard port, where nothing listens: exports fail quietly).
/// </summary>
public sealed class JwtHostFixture() : HostFixture<ApiHost>(() => new ApiHost(
    new Dictionary<string, string?>
    {
        ["Sse:Auth:SigningKey"] = Tokens.SigningKey,
        ["Sse:Auth:Audience"] = Tokens.Audience,
        ["Sse:Auth:ClockSkew"] = "00:00:00",
        ["Sse:Anonymous:Subscribe:0"] = "/news",
        ["Sse:PublishKey"] = PublishKey,
        ["Sse:AdminKey"] = AdminKey,
        ["Sse:AllowedOrigins:0"] = AppOrigin,
        ["Logging:LogLevel:Default"] = "Trace",
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace",
        ["Logging:LogLevel:Orleans"] = "Warning",
        ["Logging:LogLevel:Microsoft.Orleans"] = "Warning",
        ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://127.0.0.1:9",
    },
    services => services.AddSingleton<ILoggerProvider, CapturedLogs>()))
{
    public const string PublishKey = "tests-only-publish-key";

    /// <summary>Required: with private namespaces, open admin pages would list them (see <c>OpenAdminRuleTests</c>).</summary>
    public const string AdminKey = "tests-only-admin-key";
    public const string AppOrigin = "https://app.example";

    /// <summary>Every line logged so far.</summary>
    internal string[] Logs => [.. Host.Services.GetServices<ILoggerProvider>().OfType<CapturedLogs>().Single().Lines];
}
