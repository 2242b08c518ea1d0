using System.Collections.Concurrent;

namespace CoBrowse.Relay;

/// <summary>The hub's live connections and group membership, and fan-out. Sends only enqueue, so no receiver can
/// stall a sender or another receiver.</summary>
public sealed class RelayHub(RelayOptions options, UpstreamClient upstream)
{
    private readonly ConcurrentDictionary<string, RelayConnection> _connections = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, RelayConnection>> _groups = new(StringComparer.Ordinal);
    private readonly Lock _membership = new();

    public string Name => options.Hub;

    internal RelayConnection Create(string id, string? userId, IEnumerable<string> roles, string? subprotocol, string origin) =>
        new(id, userId, roles, subprotocol, options, OnClosed) { Origin = origin };

    public bool Serves(string hub) => string.Equals(hub, options.Hub, StringComparison.OrdinalIgnoreCase);

    internal void Register(RelayConnection connection) => _connections[connection.Id] = connection;

    public RelayConnection? Find(string connectionId) => _connections.GetValueOrDefault(connectionId);

    public IEnumerable<RelayConnection> All => _connections.Values;

    public IEnumerable<RelayConnection> OfUser(string userId) => _connections.Values.Where(c => c.UserId == userId);

    public IEnumerable<RelayConnection> InGroup(string group) =>
        _groups.TryGetValue(group, out var members) ? members.Values : [];

    public bool GroupExists(string group) => InGroup(group).Any();

    public void Join(RelayConnection connection, string group)
    {
        lock (_membership)
        {
            if (connection.AddGroup(group))
            {
                _groups.GetOrAdd(group, _ => new(StringComparer.Ordinal))[connection.Id] = connection;
            }
        }
    }

    public void Leave(RelayConnection connection, string group)
    {
        lock (_membership)
        {
            connection.RemoveGroup(group);
            if (_groups.TryGetValue(group, out var members) && members.TryRemove(connection.Id, out _) && members.IsEmpty)
            {
                _groups.TryRemove(group, out _);
            }
        }
    }

    public void LeaveAll(RelayConnection connection)
    {
        foreach (var group in connection.Groups)
        {
            Leave(connection, group);
        }
    }

    public void SendToGroup(string group, DataMessage message, ICollection<string>? excluded = null)
    {
        foreach (var receiver in InGroup(group))
        {
            if (excluded?.Contains(receiver.Id) != true)
            {
                receiver.Send(message);
            }
        }
    }

    public void SendToAll(DataMessage message, ICollection<string>? excluded = null)
    {
        foreach (var receiver in All)
        {
            if (excluded?.Contains(receiver.Id) != true)
            {
                receiver.Send(message);
            }
        }
    }

    public void SendToUser(string userId, DataMessage message)
    {
        foreach (var receiver in OfUser(userId))
        {
            receiver.Send(message);
        }
    }

    public static void CloseAll(IEnumerable<RelayConnection> connections, string? reason, ICollection<string>? excluded = null,
        System.Net.WebSockets.WebSocketCloseStatus? status = null)
    {
        foreach (var connection in connections.ToList())
        {
            if (excluded?.Contains(connection.Id) != true)
            {
                connection.Close(reason, status);
            }
        }
    }

    private void OnClosed(RelayConnection connection, string? reason)
    {
        LeaveAll(connection);
        // The disconnected event is tracked before the connection leaves the hub, so a stopping relay that sees no
        // connections left also sees every event it still has to deliver.
        upstream.Disconnected(connection, reason);
        _connections.TryRemove(connection.Id, out _);
    }
}
