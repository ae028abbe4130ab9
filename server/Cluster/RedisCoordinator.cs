using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace AskLibrary.Cluster;

/// <summary>
/// The cluster through one Redis server: a lock with a lease for the chat gate (released by compare-and-delete,
/// so a node never frees a gate it lost), the chat state and its version written only while the gate is held
/// (checked in the same script), a heartbeat key per node with an expiry, a leader key renewed by its holder,
/// and one pub/sub channel for events. Every multi-step change is a Lua script, so it is atomic in Redis.
/// </summary>
public sealed partial class RedisCoordinator : IClusterCoordinator, IAsyncDisposable
{
    private const string Acquire = """
        if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
          return tonumber(redis.call('GET', KEYS[2]) or '0')
        end
        return -1
        """;

    private const string Write = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then
          redis.call('SET', KEYS[3], ARGV[2])
          return redis.call('INCR', KEYS[2])
        end
        return -1
        """;

    private const string Release = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
        return 0
        """;

    private const string Lead = """
        if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 1 end
        if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('PEXPIRE', KEYS[1], ARGV[2]) return 1 end
        return 0
        """;

    private readonly IConnectionMultiplexer _redis;
    private readonly ClusterOptions _options;
    private readonly ILogger<RedisCoordinator> _logger;
    private readonly Dictionary<string, List<Func<string, Task>>> _handlers = new(StringComparer.Ordinal);
    private readonly RedisKey _lockKey, _versionKey, _stateKey, _leaderKey;
    private readonly RedisChannel _events;
    private volatile bool _isLeader;

    public RedisCoordinator(IConnectionMultiplexer redis, IOptions<ClusterOptions> options, ILogger<RedisCoordinator> logger)
    {
        _redis = redis;
        _options = options.Value;
        _logger = logger;
        NodeId = _options.NodeId is { Length: > 0 } id ? id : $"{Environment.MachineName}-{Environment.ProcessId}";
        var prefix = _options.KeyPrefix;
        _lockKey = prefix + "chat:gate";
        _versionKey = prefix + "chat:version";
        _stateKey = prefix + "chat:state";
        _leaderKey = prefix + "leader";
        _events = RedisChannel.Literal(prefix + "events");
        _redis.GetSubscriber().Subscribe(_events, (_, message) => { var handled = DispatchAsync(message); });
    }

    public string NodeId { get; }

    public bool IsClustered => true;

    public bool IsLeader => _isLeader;

    private IDatabase Db => _redis.GetDatabase();

    private RedisKey NodeKey(string nodeId) => _options.KeyPrefix + "node:" + nodeId;

    public async Task<IChatStateLease> EnterChatGateAsync(CancellationToken ct)
    {
        var token = Guid.NewGuid().ToString("N");
        var lease = (long)_options.GateLease.TotalMilliseconds;
        var deadline = Environment.TickCount64 + (long)_options.GateTimeout.TotalMilliseconds;
        var pause = 1;
        while (true)
        {
            var version = (long)await Db.ScriptEvaluateAsync(Acquire, [_lockKey, _versionKey], [token, lease]);
            if (version >= 0)
                return new Lease(this, token, version);
            if (Environment.TickCount64 > deadline)
                throw new Chat.Contracts.ChatException(Chat.Contracts.ErrorCodes.Unavailable, "The chat service is busy; try again.");
            await Task.Delay(pause, ct);
            pause = Math.Min(pause * 2, 20);
        }
    }

    public async Task<bool> IsAliveAsync(string nodeId) => nodeId == NodeId || await Db.KeyExistsAsync(NodeKey(nodeId));

    public Task PublishAsync(string kind, string payload) =>
        _redis.GetSubscriber().PublishAsync(_events, $"{NodeId}\n{kind}\n{payload}");

    public void Subscribe(string kind, Func<string, Task> handler)
    {
        lock (_handlers)
        {
            if (!_handlers.TryGetValue(kind, out var list))
                _handlers[kind] = list = [];
            list.Add(handler);
        }
    }

    /// <summary>Renews this node's heartbeat and tries to hold (or keep) the leader key.</summary>
    internal async Task BeatAsync()
    {
        var ttl = _options.NodeTimeout;
        await Db.StringSetAsync(NodeKey(NodeId), "alive", ttl);
        var leading = (long)await Db.ScriptEvaluateAsync(Lead, [_leaderKey], [NodeId, (long)ttl.TotalMilliseconds]) == 1;
        if (leading != _isLeader)
            LeaderChanged(_logger, NodeId, leading);
        _isLeader = leading;
    }

    /// <summary>On a graceful stop: give the heartbeat and the leader key up at once rather than at expiry.</summary>
    internal async Task LeaveAsync()
    {
        _isLeader = false;
        await Db.KeyDeleteAsync(NodeKey(NodeId));
        await Db.ScriptEvaluateAsync(Release, [_leaderKey], [NodeId]);
    }

    private async Task DispatchAsync(RedisValue message)
    {
        var parts = message.ToString().Split('\n', 3);
        if (parts.Length != 3 || parts[0] == NodeId)
            return;
        List<Func<string, Task>> handlers;
        lock (_handlers)
            handlers = _handlers.TryGetValue(parts[1], out var list) ? [.. list] : [];
        foreach (var handler in handlers)
        {
            try
            {
                await handler(parts[2]);
            }
            catch (Exception ex)
            {
                EventFailed(_logger, ex, parts[1]);
            }
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private sealed class Lease(RedisCoordinator owner, string token, long version) : IChatStateLease
    {
        public long Version { get; } = version;

        public async Task<byte[]> ReadStateAsync() => (byte[]?)await owner.Db.StringGetAsync(owner._stateKey) ?? [];

        public async Task<long> WriteStateAsync(byte[] state)
        {
            var version = (long)await owner.Db.ScriptEvaluateAsync(Write, [owner._lockKey, owner._versionKey, owner._stateKey], [token, state]);
            return version >= 0 ? version
                : throw new Chat.Contracts.ChatException(Chat.Contracts.ErrorCodes.Unavailable, "The chat gate was lost before the change was shared; try again.");
        }

        public async ValueTask DisposeAsync() => await owner.Db.ScriptEvaluateAsync(Release, [owner._lockKey], [token]);
    }

    [LoggerMessage(101, LogLevel.Information, "Node {NodeId} leads maintenance: {Leading}")]
    private static partial void LeaderChanged(ILogger logger, string nodeId, bool leading);

    [LoggerMessage(102, LogLevel.Error, "Handling the cluster event {Kind} failed")]
    private static partial void EventFailed(ILogger logger, Exception exception, string kind);
}

/// <summary>Keeps the heartbeat and the leader key fresh (a fifth of the node timeout).</summary>
public sealed partial class ClusterHeartbeat(RedisCoordinator coordinator, IOptions<ClusterOptions> options, ILogger<ClusterHeartbeat> logger) : BackgroundService
{
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // Alive before the chat service restores its state, so no other node takes this one for dead.
        await coordinator.BeatAsync();
        await base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            await coordinator.LeaveAsync();
        }
        catch (RedisException ex)
        {
            BeatFailed(logger, ex);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Real time on purpose: Redis expires the keys by its own clock.
        using var timer = new PeriodicTimer(options.Value.NodeTimeout / 5, TimeProvider.System);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await coordinator.BeatAsync();
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                BeatFailed(logger, ex);
            }
        }
    }

    [LoggerMessage(103, LogLevel.Warning, "Cluster heartbeat failed; retrying")]
    private static partial void BeatFailed(ILogger logger, Exception exception);
}
