using System.Net.Sockets;

namespace CoBrowse.IntegrationTests.Infrastructure;

/// <summary>Loopback ports nothing listens on right now, for a test stack, its Azurite or a port that must refuse.</summary>
public static class FreePorts
{
    /// <summary>All listeners are open at once so the ports differ from each other.</summary>
    public static int[] Take(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        listeners.ForEach(l => l.Start());
        var ports = listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        listeners.ForEach(l => l.Stop());
        return ports;
    }
}
