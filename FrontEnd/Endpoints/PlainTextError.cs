using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace SseOrleans.FrontEnd.Endpoints;

/// <summary>Errors are one line of plain text, readable with curl.</summary>
internal static class PlainTextError
{
    public static ContentHttpResult Of(int statusCode, string reason) =>
        TypedResults.Text(reason + "\n", "text/plain; charset=utf-8", statusCode: statusCode);
}
