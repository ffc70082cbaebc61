using SseOrleans.Api.Tests.Infrastructure;
using SseOrleans.TestSupport;

namespace SseOrleans.Api.Tests.Http;

public sealed class PublishKeyFixture() : HostFixture<ApiHost>(() => new ApiHost(new Dictionary<string, string?> { ["Sse:PublishKey"] = "s3cret" }));
