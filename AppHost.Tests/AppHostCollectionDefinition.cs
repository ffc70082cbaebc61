namespace SseOrleans.AppHost.Tests;

[CollectionDefinition(Name)]
public sealed class AppHostCollectionDefinition : ICollectionFixture<AppHostFixture>
{
    public const string Name = "AppHost";
}
