using System.Collections.Frozen;
using Microsoft.AspNetCore.Http;

namespace SseOrleans.FrontEnd.Admin;

/// <summary>The status page's files, embedded in this assembly (no CDN; works offline).</summary>
internal static class AdminPage
{
    // Only the page's own origin may be contacted: nothing external can load, even by mistake.
    private const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; frame-ancestors 'none'";

    private static readonly FrozenDictionary<string, (byte[] Bytes, string ContentType)> Files = new Dictionary<string, (byte[], string)>
    {
        ["index.html"] = (Read("index.html"), "text/html; charset=utf-8"),
        ["admin.css"] = (Read("admin.css"), "text/css; charset=utf-8"),
        ["admin.js"] = (Read("admin.js"), "text/javascript; charset=utf-8"),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public static IResult Serve(string name, HttpResponse response)
    {
        if (!Files.TryGetValue(name, out var file))
        {
            return TypedResults.NotFound();
        }

        response.Headers.CacheControl = "no-cache";
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        response.Headers.XContentTypeOptions = "nosniff";
        return TypedResults.Bytes(file.Bytes, file.ContentType);
    }

    private static byte[] Read(string name)
    {
        using var stream = typeof(AdminPage).Assembly.GetManifestResourceStream("SseOrleans.FrontEnd.Admin.Page." + name)
            ?? throw new InvalidOperationException($"The admin page resource '{name}' is missing from the assembly.");
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    }
}
