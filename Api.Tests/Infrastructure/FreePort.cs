using System.Net;
using System.Net.Sockets;

namespace SseOrleans.Api.Tests.Infrastructure;

internal static class FreePort
{
    /// <summary>A loopback TCP port that was free a moment ago (for the embedded silo's endpoints).</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
