using System.ComponentModel.DataAnnotations;

namespace AskLibrary.Cluster;

/// <summary>
/// Several nodes (AskLibrary:Cluster). Without <see cref="Redis"/> the service runs as one node with its
/// chat state in memory; with it, nodes share the SignalR backplane, the Data Protection keys, the chat
/// state (queues, presence, assignments) and one maintenance leader through that Redis server.
/// </summary>
public sealed class ClusterOptions
{
    /// <summary>StackExchange.Redis configuration string, e.g. "127.0.0.1:6379"; empty = single node.</summary>
    public string? Redis { get; set; }

    /// <summary>This node's name in logs and presence records; default host name + process id.</summary>
    [RegularExpression("^[A-Za-z0-9._-]{1,64}$")]
    public string? NodeId { get; set; }

    /// <summary>Prefix of every Redis key and channel, so several services can share one Redis.</summary>
    [RegularExpression("^[A-Za-z0-9:._-]{1,64}$")]
    public string KeyPrefix { get; set; } = "asklibrary:";

    /// <summary>A node that has not renewed its heartbeat for this long is dead: its connections are dropped.</summary>
    [Range(typeof(TimeSpan), "00:00:02", "00:10:00")]
    public TimeSpan NodeTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long the chat gate may be held before Redis frees it (a node that died holding it).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan GateLease { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an operation waits for the chat gate before it fails with "unavailable".</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan GateTimeout { get; set; } = TimeSpan.FromSeconds(20);

    public bool IsClustered => !string.IsNullOrWhiteSpace(Redis);
}
