using SseOrleans.TestSupport;

namespace SseOrleans.AppHost.Tests;

[CollectionDefinition(Name)]
public sealed class AppHostCollectionDefinition : ICollectionFixture<AppHostFixture>, ICollectionFixture<BrowserFixture>
{
    public const string Name = "AppHost";
}
