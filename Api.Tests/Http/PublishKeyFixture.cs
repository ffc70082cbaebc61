using SseOrleans.Api.Tests.Infrastructure;

namespace SseOrleans.Api.Tests.Http;

public sealed class PublishKeyFixture() : HostFixture(new Dictionary<string, string?> { ["Sse:PublishKey"] = "s3cret-publish-key" });
