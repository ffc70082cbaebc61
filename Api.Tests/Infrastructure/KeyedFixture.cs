using SseOrleans.TestSupport;

namespace SseOrleans.Api.Tests.Infrastructure;

/// <summary>The Api with both keys set: publishing and every admin path (the dashboard too) need them.</summary>
public sealed class KeyedFixture() : HostFixture<ApiHost>(() => new ApiHost(new Dictionary<string, string?>
{
    ["Sse:PublishKey"] = PublishKey,
    ["Sse:AdminKey"] = AdminKey,
    ["Sse:OrleansDashboard"] = "true",
}))
{
    public const string PublishKey = "s3cret-publish-key";
    public const string AdminKey = "s3cret-admin-key";
}
