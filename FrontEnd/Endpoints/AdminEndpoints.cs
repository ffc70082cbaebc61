using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using SseOrleans.FrontEnd.Admin;

namespace SseOrleans.FrontEnd.Endpoints;

/// <summary>
/// <c>GET /admin/</c> (the live status page and its assets) and <c>GET /admin/status.json</c>, all
/// behind <see cref="AdminAccessFilter"/>; any other <c>/admin/*</c> path is a 404 behind the same filter,
/// so a disabled admin answers 403 everywhere under it.
/// </summary>
internal static class AdminEndpoints
{
    public static RouteGroupBuilder MapAdmin(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/admin").AddEndpointFilter<RouteGroupBuilder, AdminAccessFilter>();
        string[] getOrHead = [HttpMethods.Get, HttpMethods.Head];
        group.MapMethods("/", getOrHead, Page);
        group.MapMethods("/admin.css", getOrHead, Stylesheet);
        group.MapMethods("/admin.js", getOrHead, Script);
        group.MapMethods("/status.json", getOrHead, Status);
        group.Map("/{**rest}", NotFound);
        return group;
    }

    // The page loads its assets relative to itself, so /admin must become /admin/. The key, if one came,
    // has done its work (the cookie is set on this answer): it is not echoed into a Location.
    private static IResult Page(HttpRequest request) =>
        request.Path.Value?.EndsWith('/') == false
            ? TypedResults.Redirect($"{request.PathBase}{request.Path}/{WithoutKey(request.Query)}")
            : AdminPage.Serve("index.html", request.HttpContext.Response);

    private static QueryString WithoutKey(IQueryCollection query) =>
        QueryString.Create(query.Where(parameter => !parameter.Key.Equals("key", StringComparison.OrdinalIgnoreCase)));

    private static IResult Stylesheet(HttpResponse response) => AdminPage.Serve("admin.css", response);

    private static IResult Script(HttpResponse response) => AdminPage.Serve("admin.js", response);

    private static async Task<IResult> Status(
        HttpContext context,
        StatusReportBuilder builder,
        [FromQuery] string? limit,
        [FromQuery(Name = "namespace")] string? @namespace,
        CancellationToken cancellationToken)
    {
        if (!TryParseLimit(limit, out var count))
        {
            return PlainTextError.Of(StatusCodes.Status400BadRequest, $"limit must be a whole number (0 to {StatusReportBuilder.MaxLimit}; larger ones count as {StatusReportBuilder.MaxLimit})");
        }

        string? path = null;
        if (!string.IsNullOrEmpty(@namespace) && !NamespaceRoute.TryParseDecoded(@namespace, out path, out var error))
        {
            return PlainTextError.Of(StatusCodes.Status400BadRequest, error);
        }

        var report = await builder.BuildAsync(
            count, path, AdminAccessFilter.MayViewClientIps(context), cancellationToken);
        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.Json(report, AdminJsonContext.Default.StatusReport);
    }

    // Digits only; a number too large for an int is as good as the largest limit.
    private static bool TryParseLimit(string? text, out int limit)
    {
        limit = StatusReportBuilder.DefaultLimit;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        if (!text.AsSpan().ContainsAnyExceptInRange('0', '9'))
        {
            limit = int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : int.MaxValue;
            return true;
        }

        return false;
    }

    private static ContentHttpResult NotFound() => PlainTextError.Of(StatusCodes.Status404NotFound, "no such admin page");
}
