namespace SseOrleans.Api.Tests.Admin;

/// <summary>The admin tests run one after another on a shared host: they are few, and cores are scarce.</summary>
[CollectionDefinition(Name)]
public sealed class AdminCollectionDefinition : ICollectionFixture<AdminHostFixture>
{
    public const string Name = "admin";
}
