using AskLibrary.Chat.Routing;
using AskLibrary.Cluster;
using AskLibrary.Patrons;
using AskLibrary.Storage;
using System.Text.Json;

namespace AskLibrary.Chat;

// Several nodes (docs/architecture.md, "Several nodes"). The in-memory view this service keeps — queues,
// presence, assignments, open conversations, who is connected where — is shared through the cluster
// coordinator: every operation enters one cluster-wide gate, loads the shared state if another node
// changed it since, runs exactly as on a single node, and writes the state back before leaving the gate.
// A chat is therefore assigned once however many nodes race for it. The store stays the record of truth;
// the shared state is rebuilt from it when Redis has none (first start, Redis emptied).
public sealed partial class ChatService
{
    /// <summary>Connection id → the node holding it and whose it is, to drop connections of a dead node.</summary>
    private readonly Dictionary<string, ConnectionOwner> _connections = new(StringComparer.Ordinal);
    private long _clusterVersion;
    private byte[] _lastShared = [];

    private async Task<T> UnderClusterGateAsync<T>(Func<Task<T>> work)
    {
        await using var lease = await cluster.EnterChatGateAsync(CancellationToken.None);
        if (lease.Version == 0)
            await RebuildFromStoreAsync(CancellationToken.None);
        else if (lease.Version != _clusterVersion)
            Import(await lease.ReadStateAsync());
        _clusterVersion = lease.Version;
        try
        {
            return await work();
        }
        finally
        {
            var state = JsonSerializer.SerializeToUtf8Bytes(Export(), StorageJson.Options);
            if (lease.Version == 0 || !state.AsSpan().SequenceEqual(_lastShared))
            {
                _clusterVersion = await lease.WriteStateAsync(state);
                _lastShared = state;
            }
        }
    }

    private void TrackConnection(string connectionId, bool staff, string ownerId) =>
        _connections[connectionId] = new ConnectionOwner(cluster.NodeId, staff, ownerId);

    /// <summary>Connections held by nodes that stopped beating are closed as if their clients had left.</summary>
    private async Task DropConnectionsOfDeadNodesAsync()
    {
        foreach (var node in _connections.Values.Select(c => c.NodeId).Distinct().ToList())
        {
            if (await cluster.IsAliveAsync(node))
                continue;
            foreach (var (connectionId, owner) in _connections.Where(c => c.Value.NodeId == node).ToList())
            {
                if (owner.Staff)
                    await StaffLeftAsync(owner.OwnerId, connectionId);
                else
                    PatronLeft(owner.OwnerId, connectionId);
            }
            Log.NodeGone(logger, node);
        }
    }

    private ChatMemory Export() => new(
        _router.Export(),
        _open.All(),
        _recentWaits.ToDictionary(w => w.Key, w => w.Value.ToList()),
        [.. _blocks.Values],
        _patronConnections.ToDictionary(p => p.Key, p => p.Value.ToList()),
        new(_patronGoneSince),
        new(_lastAvailability),
        new(_connections));

    private void Import(byte[] state)
    {
        var memory = JsonSerializer.Deserialize<ChatMemory>(state, StorageJson.Options)
            ?? throw new InvalidDataException("The shared chat state is empty.");
        _router.Import(memory.Router);
        _open.Clear();
        foreach (var c in memory.Open)
            _open.Set(c);
        _recentWaits.Clear();
        foreach (var (queue, waits) in memory.RecentWaits)
            _recentWaits[queue] = new Queue<TimeSpan>(waits);
        _blocks.Clear();
        foreach (var block in memory.Blocks)
            _blocks[block.VisitorId] = block;
        _patronConnections.Clear();
        foreach (var (visitor, connections) in memory.PatronConnections)
            _patronConnections[visitor] = [.. connections];
        _patronGoneSince.Clear();
        foreach (var (visitor, since) in memory.PatronGoneSince)
            _patronGoneSince[visitor] = since;
        _lastAvailability = new Dictionary<string, Contracts.QueueAvailability>(memory.LastAvailability, StringComparer.Ordinal);
        _connections.Clear();
        foreach (var (id, owner) in memory.Connections)
            _connections[id] = owner;
        _lastShared = state;
    }

    private sealed record ConnectionOwner(string NodeId, bool Staff, string OwnerId);

    private sealed record ChatMemory(
        RouterSnapshot Router,
        List<Conversation> Open,
        Dictionary<string, List<TimeSpan>> RecentWaits,
        List<VisitorBlock> Blocks,
        Dictionary<string, List<string>> PatronConnections,
        Dictionary<string, DateTimeOffset> PatronGoneSince,
        Dictionary<string, Contracts.QueueAvailability> LastAvailability,
        Dictionary<string, ConnectionOwner> Connections);
}
