using SseOrleans.Abstractions;

namespace SseOrleans.Grains.Tests;

public sealed class SseOptionsValidatorTests
{
    [Fact]
    public void The_defaults_are_valid() =>
        Assert.True(new SseOptionsValidator().Validate(null, new SseOptions()).Succeeded);

    [Theory]
    [InlineData("HistoryMaxBytes")]
    [InlineData("StreamCacheMaxBytes")]
    [InlineData("SubscribeBurstPerClient")]
    public void A_bound_too_small_for_what_it_must_hold_is_refused_with_the_setting_named(string setting)
    {
        var options = setting switch
        {
            "HistoryMaxBytes" => new SseOptions { MaxMessageBytes = 65536, HistoryMaxBytes = 65535 },
            "StreamCacheMaxBytes" => new SseOptions { MaxMessageBytes = 1024 * 1024, StreamCacheMaxBytes = 63 * 1024 * 1024 },
            _ => new SseOptions { MaxConnectionsPerClient = 1000, SubscribeBurstPerClient = 999 },
        };

        var result = new SseOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains("Sse:" + setting, result.FailureMessage, StringComparison.Ordinal);
    }
}
