using Microsoft.AspNetCore.Http;

namespace SseOrleans.FrontEnd.Mercure;

/// <summary>Where a subscriber asks its replay to start.</summary>
internal static class ReplayRequest
{
    public const string HeaderName = "Last-Event-ID";
    public const string QueryName = "lastEventID";

    /// <summary>
    /// The <c>Last-Event-ID</c> header when it has a value, else the <c>lastEventID</c> query parameter (the
    /// header wins, as Mercure's specification says); null when neither asks for a replay.
    /// <see cref="MercureIds.Earliest"/> asks for everything retained.
    /// </summary>
    public static string? LastEventId(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var header = request.Headers[HeaderName].ToString();
        if (header.Length > 0)
        {
            return header;
        }

        var query = request.Query[QueryName].ToString();
        return query.Length > 0 ? query : null;
    }
}
