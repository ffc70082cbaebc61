using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace SseOrleans.FrontEnd.Endpoints;

/// <summary>
/// The <c>202</c> answer to a publish: <c>{"namespace":"/pets","id":"1-7"}</c>, where the event went and its
/// id there. Written with a <see cref="Utf8JsonWriter"/> rather than as a JSON result: serializing the
/// record through the minimal-API result path stood out in profiles of HTTP publishing (see
/// BENCHMARKS.md), for two strings.
/// </summary>
internal sealed class PublishAccepted(string @namespace, string id) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status202Accepted;
        response.ContentType = "application/json; charset=utf-8";
        using (var json = new Utf8JsonWriter(response.BodyWriter))
        {
            json.WriteStartObject();
            json.WriteString("namespace", @namespace);
            json.WriteString("id", id);
            json.WriteEndObject();
        }

        return response.BodyWriter.FlushAsync(httpContext.RequestAborted).AsTask();
    }
}
