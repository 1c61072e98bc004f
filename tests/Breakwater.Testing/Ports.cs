using System.Net;
using System.Net.Sockets;

namespace Breakwater.Testing;

/// <summary>Loopback ports for servers the tests start.</summary>
public static class Ports
{
    /// <summary>A port free on 127.0.0.1 a moment ago (the OS picks it; the caller binds it next).</summary>
    public static int Free()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }
}
