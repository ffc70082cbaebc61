namespace SseOrleans.AppHost;

/// <summary>
/// Redis as this machine's <c>redis-server</c> program instead of a container: an executable resource
/// with a connection string (<c>127.0.0.1:{port}</c>), so that references to it look to a service exactly
/// like references to Aspire's Redis container (<c>ConnectionStrings__{name}</c>).
/// </summary>
public sealed class RedisServerResource(string name, string command, string workingDirectory)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    internal const string PrimaryEndpointName = "tcp";

    private EndpointReference? _primaryEndpoint;

    public EndpointReference PrimaryEndpoint => _primaryEndpoint ??= new(this, PrimaryEndpointName);

    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"{PrimaryEndpoint.Property(EndpointProperty.HostAndPort)}");
}
