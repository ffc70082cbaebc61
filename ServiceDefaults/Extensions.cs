using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace SseOrleans.ServiceDefaults;

/// <summary>
/// Aspire's service defaults for every SseOrleans process: OpenTelemetry (ASP.NET Core, HTTP, runtime,
/// Orleans and SseOrleans meters; with <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> set, as under the AppHost, also
/// their traces, and everything exported over OTLP) and the <c>/health</c> and <c>/alive</c> endpoints.
/// </summary>
public static class Extensions
{
    public const string SseOrleansTelemetryName = "SseOrleans";
    private const string HealthEndpointPath = "/health";
    private const string AlivenessEndpointPath = "/alive";
    private const string LiveTag = "live";

    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.ConfigureOpenTelemetry();
        builder.AddDefaultHealthChecks();
        return builder;
    }

    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        var telemetry = builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter("Microsoft.Orleans", SseOrleansTelemetryName));

        // Traces only where they go somewhere: with a listener, every request and every grain call (Orleans'
        // sources) records an activity, at a cost on every publish (see BENCHMARKS.md), for nothing when none
        // is exported.
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            telemetry
                .WithTracing(tracing => tracing
                    .AddSource(builder.Environment.ApplicationName, "Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application", SseOrleansTelemetryName)
                    .AddAspNetCoreInstrumentation(aspNetCore =>
                        // Health probes and long-lived streams would drown the traces that matter.
                        aspNetCore.Filter = context =>
                            !context.Request.Path.StartsWithSegments(HealthEndpointPath)
                            && !context.Request.Path.StartsWithSegments(AlivenessEndpointPath))
                    .AddHttpClientInstrumentation())
                .UseOtlpExporter();
        }

        return builder;
    }

    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), [LiveTag]);
        return builder;
    }

    /// <summary>
    /// <c>/health</c>: every check must pass (ready for traffic), and what does not is named
    /// (<see cref="HealthReportText"/>); <c>/alive</c>: the live-tagged ones (the process is responsive).
    /// Mapped in every environment: container probes need them.
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapHealthChecks(HealthEndpointPath, new HealthCheckOptions { ResponseWriter = HealthReportText.WriteAsync });
        app.MapHealthChecks(AlivenessEndpointPath, new HealthCheckOptions { Predicate = check => check.Tags.Contains(LiveTag) });
        return app;
    }

    /// <summary>Listens on <paramref name="urls"/> unless <c>--urls</c>, <c>ASPNETCORE_URLS</c> or <c>*_HTTP_PORTS</c> say otherwise.</summary>
    public static WebApplicationBuilder UseDefaultUrls(this WebApplicationBuilder builder, string urls)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configuration = builder.Configuration;
        if (string.IsNullOrEmpty(configuration[WebHostDefaults.ServerUrlsKey])
            && string.IsNullOrEmpty(configuration["HTTP_PORTS"])
            && string.IsNullOrEmpty(configuration["HTTPS_PORTS"]))
        {
            builder.WebHost.UseUrls(urls);
        }

        return builder;
    }
}
