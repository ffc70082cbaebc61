using Aspire.Hosting.Orleans;

namespace SseOrleans.AppHost;

/// <summary>
/// An Orleans provider in Redis, whichever way Redis runs: <c>ProviderType=Redis</c>,
/// <c>ServiceKey</c> = the resource's name, and a reference to it (<c>ConnectionStrings__{name}</c>).
/// Aspire's own derives the provider type from the resource's type name, which gives <c>Redis</c> for
/// <see cref="RedisResource"/> but <c>RedisServer</c> for <see cref="RedisServerResource"/>.
/// </summary>
public sealed class RedisProviderConfiguration(IResourceBuilder<IResourceWithConnectionString> redis) : IProviderConfiguration
{
    public const string ProviderType = "Redis";

    public void ConfigureResource<T>(IResourceBuilder<T> resourceBuilder, string configSectionPath) where T : IResourceWithEnvironment
    {
        ArgumentNullException.ThrowIfNull(resourceBuilder);
        ArgumentNullException.ThrowIfNull(configSectionPath);
        var prefix = "Orleans__" + configSectionPath.Replace(":", "__", StringComparison.Ordinal);
        resourceBuilder
            .WithEnvironment($"{prefix}__ProviderType", ProviderType)
            .WithEnvironment($"{prefix}__ServiceKey", redis.Resource.Name)
            .WithReference(redis);
    }
}
