using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SseOrleans.Abstractions;

namespace SseOrleans.Abstractions.Tests;

public sealed class SseOptionsTests
{
    [Fact]
    public void The_defaults_are_valid_and_allow_any_origin_to_subscribe()
    {
        var options = BoundOptions.From([]);
        Assert.Equal(["*"], options.AllowedOrigins);
        Assert.Empty(options.PublishOrigins);
    }

    [Fact]
    public void A_configured_origin_list_replaces_the_default_instead_of_joining_it()
    {
        var options = BoundOptions.From(new() { ["Sse:AllowedOrigins:0"] = "https://app.example" });
        Assert.Equal(["https://app.example"], options.AllowedOrigins);
    }

    [Theory]
    [InlineData("Sse:SubscriberReportInterval", "00:00:30", "at most a third of Sse:SubscriberLease")]
    [InlineData("Sse:FlushInterval", "00:00:00.500", "shorter than Sse:KeepAliveInterval", "Sse:KeepAliveInterval", "00:00:00.400")]
    [InlineData("Sse:ConnectionBufferSize", "2048", "at least one event of Sse:MaxMessageBytes")]
    [InlineData("Sse:AllowedOrigins:0", "https://app.example/path", "is not an origin")]
    [InlineData("Sse:PublishOrigins:0", "*", "is not an origin")]
    [InlineData("Sse:PublishKey", "short", "minimum length")]
    [InlineData("Sse:AdminKey", " padded-admin-key-value ", "white space")]
    [InlineData("Sse:History:ProviderType", "Mongo", "must be Memory or Redis")]
    [InlineData("Sse:History:ProviderType", "Redis", "Sse:History:ServiceKey must name the Redis connection")]
    [InlineData("Sse:HistoryMaxAge", "00:00:00", "HistoryMaxAge")]
    [InlineData("Sse:PublishRetryTimeout", "00:10:00", "PublishRetryTimeout")]
    [InlineData("Sse:GapCheckInterval", "00:00:00.010", "GapCheckInterval must be between")]
    [InlineData("Sse:History:ReadTimeout", "00:00:00.050", "Sse:History:ReadTimeout (00:00:00.0500000) must be from")]
    [InlineData("Sse:Mercure:SubscriptionLease", "00:00:00.500", "Sse:Mercure:SubscriptionLease (00:00:00.5000000) must be between")]
    [InlineData("Sse:Mercure:SubscriptionLease", "01:00:00", "Sse:Mercure:SubscriptionLease (01:00:00) must be between")]
    [InlineData("Sse:Mercure:PublisherKey", "too-short", "Sse:Mercure:PublisherKey must have at least 32 bytes")]
    [InlineData("Sse:Mercure:SubscriberKey", "too-short", "Sse:Mercure:SubscriberKey must have at least 32 bytes")]
    public void Settings_that_cannot_work_together_stop_the_start_with_a_message_naming_them(
        string key, string value, string message, string? otherKey = null, string? otherValue = null)
    {
        var settings = new Dictionary<string, string?> { [key] = value };
        if (otherKey is not null)
        {
            settings[otherKey] = otherValue;
        }

        var failure = Assert.Throws<OptionsValidationException>(() => BoundOptions.From(settings));
        Assert.Contains(message, failure.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Histories_are_configured_like_an_Orleans_provider_and_publish_ids_outlive_the_retries()
    {
        var options = BoundOptions.From(new() { ["Sse:History:ProviderType"] = "redis", ["Sse:History:ServiceKey"] = "cache", ["Sse:PublishRetryTimeout"] = "00:00:40" });
        Assert.True(options.History.IsRedis);
        Assert.Equal("cache", options.History.ServiceKey);
        Assert.Equal(TimeSpan.FromSeconds(80), options.PublishIdRetention);
        Assert.Equal(TimeSpan.FromSeconds(30), new SseOptions { PublishRetryTimeout = TimeSpan.Zero }.PublishIdRetention);
        Assert.Equal(SseHistoryOptions.Memory, new SseOptions().History.ProviderType);
    }

    [Fact]
    public void Registering_the_options_twice_binds_and_validates_them_once()
    {
        var once = new ServiceCollection().AddSseOptions();
        var twice = new ServiceCollection().AddSseOptions().AddSseOptions();
        Assert.Equal(once.Count, twice.Count);
        Assert.Equal(2, twice.Count(s => s.ServiceType == typeof(IValidateOptions<SseOptions>))); // data annotations and the cross-field rules
    }

    [Fact]
    public void The_defaults_are_valid() =>
        Assert.True(new SseOptionsValidator().Validate(null, new SseOptions()).Succeeded);

    [Theory]
    [InlineData("HistoryMaxBytes")]
    [InlineData("StreamCacheMaxBytes")]
    [InlineData("SubscribeBurstPerClient")]
    [InlineData("History:MaxMemoryBytes")]
    public void A_bound_too_small_for_what_it_must_hold_is_refused_with_the_setting_named(string setting)
    {
        var options = setting switch
        {
            "HistoryMaxBytes" => new SseOptions { MaxMessageBytes = 65536, HistoryMaxBytes = 65535 },
            "StreamCacheMaxBytes" => new SseOptions { MaxMessageBytes = 1024 * 1024, StreamCacheMaxBytes = 63 * 1024 * 1024 },
            "History:MaxMemoryBytes" => new SseOptions { MaxMessageBytes = 65536, History = new() { MaxMemoryBytes = (4 * 65536) - 1 } },
            _ => new SseOptions { MaxConnectionsPerClient = 1000, SubscribeBurstPerClient = 999 },
        };

        var result = new SseOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains("Sse:" + setting, result.FailureMessage, StringComparison.Ordinal);
    }
}
