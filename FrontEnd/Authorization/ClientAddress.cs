using System.Net;
using Microsoft.AspNetCore.Http;

namespace SseOrleans.FrontEnd.Authorization;

internal static class ClientAddress
{
    /// <summary>True when the request comes from this machine (IPv4, IPv6 or IPv4-mapped loopback).</summary>
    public static bool IsLoopback(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var address = context.Connection.RemoteIpAddress;
        return address is not null && IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);
    }
}
