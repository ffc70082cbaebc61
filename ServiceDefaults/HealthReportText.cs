using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace SseOrleans.ServiceDefaults;

/// <summary>
/// <c>/health</c> as plain text: the overall status alone when every check is healthy (as ASP.NET Core's
/// default writer answers), else the status and one line per check that is not, with its reason, so that
/// a probe's log says what is degraded: <c>redis-redis: Degraded (not connected to Redis)</c>.
/// </summary>
internal static class HealthReportText
{
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(report);
        var text = new StringBuilder(report.Status.ToString());
        foreach (var (name, entry) in report.Entries)
        {
            if (entry.Status != HealthStatus.Healthy)
            {
                text.Append('\n').Append(name).Append(": ").Append(entry.Status);
                if (!string.IsNullOrEmpty(entry.Description))
                {
                    text.Append(" (").Append(entry.Description).Append(')');
                }
            }
        }

        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(text.ToString());
    }
}
