namespace SseOrleans.FrontEnd.Telemetry;

/// <summary>
/// The OpenTelemetry name of SseOrleans' meter. Equal to <c>ServiceDefaults.Extensions.SseOrleansTelemetryName</c>,
/// which the host adds to its meter provider; the front-end library does not depend on the service defaults.
/// </summary>
public static class SseTelemetry
{
    public const string MeterName = "SseOrleans";
}
