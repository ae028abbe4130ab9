namespace AskLibrary.Cluster;

/// <summary>
/// What the features need from the cluster: one gate for the chat state shared by every node, node
/// liveness, a maintenance leader (jobs that must run once: email, retention) and broadcast events
/// (e.g. "this article changed, reindex it"). <see cref="SingleNode"/> when no Redis is configured.
/// </summary>
public interface IClusterCoordinator
{
    string NodeId { get; }

    bool IsClustered { get; }

    /// <summary>Whether this node runs the once-per-cluster jobs now (always true on a single node).</summary>
    bool IsLeader { get; }

    /// <summary>Enters the cluster-wide chat gate; only when <see cref="IsClustered"/>.</summary>
    Task<IChatStateLease> EnterChatGateAsync(CancellationToken ct);

    /// <summary>Whether a node has renewed its heartbeat within the node timeout.</summary>
    Task<bool> IsAliveAsync(string nodeId);

    /// <summary>Tells the other nodes (not this one) that something of <paramref name="kind"/> changed.</summary>
    Task PublishAsync(string kind, string payload);

    /// <summary>Runs <paramref name="handler"/> for events of <paramref name="kind"/> published by other nodes.</summary>
    void Subscribe(string kind, Func<string, Task> handler);
}

/// <summary>
/// The chat gate held by this node. The shared state is versioned: a node whose local copy has the
/// entered version needs not read it again.
/// </summary>
public interface IChatStateLease : IAsyncDisposable
{
    /// <summary>Version of the shared state when the gate was entered; 0 when there is none (first start, Redis emptied).</summary>
    long Version { get; }

    Task<byte[]> ReadStateAsync();

    /// <summary>Stores the state and returns its new version; throws if the gate was lost meanwhile.</summary>
    Task<long> WriteStateAsync(byte[] state);
}

/// <summary>One node: nothing is shared, every job runs here.</summary>
public sealed class SingleNode : IClusterCoordinator
{
    public string NodeId => Environment.MachineName;

    public bool IsClustered => false;

    public bool IsLeader => true;

    public Task<IChatStateLease> EnterChatGateAsync(CancellationToken ct) =>
        throw new InvalidOperationException("A single node has no cluster-wide gate.");

    public Task<bool> IsAliveAsync(string nodeId) => Task.FromResult(nodeId == NodeId);

    public Task PublishAsync(string kind, string payload) => Task.CompletedTask;

    public void Subscribe(string kind, Func<string, Task> handler) { }
}
