using SseOrleans.FrontEnd.Authorization;

namespace SseOrleans.Api.Tests.Authorization;

public sealed class QueryTokenRedactionTests
{
    [Theory]
    [InlineData("?authorization=T", "T", "")]
    [InlineData("?access_token=T", "T", "")]
    [InlineData("?lastEventId=1-2&authorization=T&x=%20y", "T", "?lastEventId=1-2&x=%20y")]
    [InlineData("?Authorization=T", "T", "")]
    [InlineData("?access_token=A&authorization=B", "B", "")]
    [InlineData("?authorization=a%2Eb.c&authorization=second", "a.b.c", "")]
    [InlineData("?authorization", "", "")]
    public void The_token_is_taken_out_and_every_other_parameter_stays_as_it_came(string query, string token, string rest)
    {
        Assert.Equal(token, QueryTokenRedaction.Redact(query, out var redacted));
        Assert.Equal(rest, redacted);
    }

    [Fact]
    public void A_query_without_a_token_is_left_alone()
    {
        Assert.Null(QueryTokenRedaction.Redact("?lastEventId=1-2&authorize=x", out var redacted));
        Assert.Equal("?lastEventId=1-2&authorize=x", redacted);
    }
}
