namespace SseOrleans.Abstractions.Tests;

public sealed class SseEventIdTests
{
    [Fact]
    public void Round_trips_through_its_text_form()
    {
        var id = new SseEventId(1795468086218, 42);
        Assert.Equal("1795468086218-42", id.ToString());
        Assert.True(SseEventId.TryParse(id.ToString(), out var parsed));
        Assert.Equal(id, parsed);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("42")]
    [InlineData("-42")]
    [InlineData("1-")]
    [InlineData("a-1")]
    [InlineData("1-2-3")]
    [InlineData(" 1-2")]
    [InlineData("1-+2")]
    public void Rejects_text_that_is_not_an_id(string? text) => Assert.False(SseEventId.TryParse(text, out _));

    [Fact]
    public void Orders_by_epoch_then_sequence()
    {
        Assert.True(new SseEventId(1, 9) < new SseEventId(1, 10));
        Assert.True(new SseEventId(1, 1000) < new SseEventId(2, 1));
        Assert.True(new SseEventId(2, 1) >= new SseEventId(2, 1));
    }
}
