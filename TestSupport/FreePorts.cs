using System.Net;
using System.Net.Sockets;

namespace SseOrleans.TestSupport;

/// <summary>Loopback TCP ports that were free a moment ago (the OS picks them).</summary>
public static class FreePorts
{
    public static int Next() => Take(1)[0];

    /// <summary><paramref name="count"/> distinct ports: all are held at once while they are chosen.</summary>
    public static int[] Take(int count)
    {
        var listeners = new TcpListener[count];
        try
        {
            for (var i = 0; i < count; i++)
            {
                listeners[i] = new TcpListener(IPAddress.Loopback, 0);
                listeners[i].Start();
            }

            return Array.ConvertAll(listeners, listener => ((IPEndPoint)listener.LocalEndpoint).Port);
        }
        finally
        {
            foreach (var listener in listeners)
            {
                listener?.Stop();
            }
        }
    }
}
