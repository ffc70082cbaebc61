namespace SseOrleans.AppHost.Tests;

/// <summary>How the AppHost decides between Aspire's Redis container and the redis-server program.</summary>
public sealed class RedisChoiceTests
{
    private const string RedisServer = "/usr/bin/redis-server";

    [Theory]
    [InlineData(RedisRunAs.Auto)]
    [InlineData(RedisRunAs.Executable)]
    [InlineData(RedisRunAs.Container)]
    public async Task Publishing_always_describes_the_Redis_container_and_asks_no_probe(RedisRunAs configured)
    {
        var choice = await RedisChoice.ResolveAsync(configured, isPublishMode: true, NotAsked<Task<string?>>, NotAsked<string?>);

        Assert.Equal(RedisRunAs.Container, choice.RunAs);
    }

    [Fact]
    public async Task Auto_runs_the_container_when_a_container_runtime_answers()
    {
        var choice = await RedisChoice.ResolveAsync(RedisRunAs.Auto, isPublishMode: false, () => Task.FromResult<string?>("docker"), () => RedisServer);

        Assert.Equal(RedisRunAs.Container, choice.RunAs);
        Assert.Contains("docker", choice.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Auto_runs_redis_server_when_no_container_runtime_answers()
    {
        var choice = await RedisChoice.ResolveAsync(RedisRunAs.Auto, isPublishMode: false, () => Task.FromResult<string?>(null), () => RedisServer);

        Assert.Equal((RedisRunAs.Executable, RedisServer), (choice.RunAs, choice.ExecutablePath));
    }

    [Fact]
    public async Task Auto_with_neither_says_what_to_install_or_set()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            RedisChoice.ResolveAsync(RedisRunAs.Auto, isPublishMode: false, () => Task.FromResult<string?>(null), () => null));

        Assert.Contains("apt-get install redis-server", error.Message, StringComparison.Ordinal);
        Assert.Contains("Redis:RunAs", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Container_is_used_as_configured_without_probing()
    {
        var choice = await RedisChoice.ResolveAsync(RedisRunAs.Container, isPublishMode: false, NotAsked<Task<string?>>, NotAsked<string?>);

        Assert.Equal(RedisRunAs.Container, choice.RunAs);
    }

    [Fact]
    public async Task Executable_without_redis_server_says_what_to_install()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            RedisChoice.ResolveAsync(RedisRunAs.Executable, isPublishMode: false, NotAsked<Task<string?>>, () => null));

        Assert.Contains("apt-get install redis-server", error.Message, StringComparison.Ordinal);
    }

    private static T NotAsked<T>() => throw new Xunit.Sdk.XunitException("this probe must not be asked");
}
