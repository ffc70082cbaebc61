using SseOrleans.Api.Tests.Infrastructure;
using SseOrleans.TestSupport;

namespace SseOrleans.Api.Tests.Admin;

/// <summary>One Api with the default admin settings (enabled, no key), shared by the admin tests.</summary>
public sealed class AdminHostFixture() : HostFixture<ApiHost>(() => AdminHost.Start(new Dictionary<string, string?> { ["Sse:MaxConnections"] = "30000" }));
