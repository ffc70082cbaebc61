using Microsoft.AspNetCore.Http;
using SseOrleans.FrontEnd.Mercure;

namespace SseOrleans.Api.Tests.Mercure;

public sealed class ReplayRequestTests
{
    [Theory]
    [InlineData("urn:uuid:header", "?lastEventID=urn:uuid:query", "urn:uuid:header")]
    [InlineData(null, "?topic=a&lastEventID=urn%3Auuid%3Aquery", "urn:uuid:query")]
    [InlineData("", "?lastEventID=urn:uuid:query", "urn:uuid:query")]
    [InlineData(null, "?lastEventID=earliest", "earliest")]
    [InlineData(null, "?lastEventID=", null)]
    [InlineData(null, "?topic=a", null)]
    public void The_header_wins_over_the_query_parameter(string? header, string query, string? lastEventId)
    {
        var context = new DefaultHttpContext();
        context.Request.QueryString = new QueryString(query);
        if (header is not null)
        {
            context.Request.Headers[ReplayRequest.HeaderName] = header;
        }

        Assert.Equal(lastEventId, ReplayRequest.LastEventId(context.Request));
    }
}
