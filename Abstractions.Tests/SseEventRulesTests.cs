namespace SseOrleans.Abstractions.Tests;

public sealed class SseEventRulesTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("new-dog")]
    [InlineData(" spaced name ")]
    [InlineData("\u00e9v\u00e9nement")]
    public void Accepts_names_without_line_breaks(string? name) => Assert.Null(SseEventRules.CheckName(name));

    [Fact]
    public void Limits_names_to_256_utf8_bytes()
    {
        Assert.Null(SseEventRules.CheckName(new string('a', 256)));
        Assert.NotNull(SseEventRules.CheckName(new string('a', 257)));
        Assert.NotNull(SseEventRules.CheckName(new string('\u00e9', 129)));
    }

    [Fact]
    public void Limits_data_in_utf8_bytes()
    {
        Assert.Null(SseEventRules.CheckData(new string('\u00e9', 5), 10));
        Assert.NotNull(SseEventRules.CheckData(new string('\u00e9', 6), 10));
    }
}
