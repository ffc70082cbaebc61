using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace SseOrleans.Api;

/// <summary>
/// Cluster mode: the front-end is ready while it is connected to at least one Orleans gateway. With
/// none it can neither publish nor deliver, so <c>/health</c> takes it out of rotation until the
/// client reconnects (<c>/alive</c> stays up: the process itself is fine).
/// </summary>
internal sealed class GatewayHealthCheck : IHealthCheck, IClusterConnectionStatusObserver
{
    private int _gateways;

    public void NotifyGatewayCountChanged(int currentNumberOfGateways, int previousNumberOfGateways, bool connectionRecovered) =>
        Volatile.Write(ref _gateways, currentNumberOfGateways);

    public void NotifyClusterConnectionLost() => Volatile.Write(ref _gateways, 0);

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var gateways = Volatile.Read(ref _gateways);
        return Task.FromResult(gateways > 0
            ? HealthCheckResult.Healthy($"{gateways} Orleans gateways connected")
            : new HealthCheckResult(context.Registration.FailureStatus, "no Orleans gateway connected"));
    }
}
