using AskLibrary.Chat.Contracts;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace AskLibrary.Chat.Hubs;

/// <summary>
/// Around every hub call: a per-connection rate limit, and the error contract of docs/protocol.md.
/// A ChatException becomes "code: text"; anything else is a bug, logged with the method name and
/// answered with "internal_error" — the connection stays open either way.
/// </summary>
public sealed class ChatHubFilter(ILogger<ChatHubFilter> logger, IOptions<LimitOptions> limits) : IHubFilter
{
    private const string BucketKey = "asklibrary.rate";
    // Per client address too, so one machine cannot open many connections to multiply its allowance.
    // Generous (AskLibrary:Limits), because a library's public PCs and a campus NAT share addresses.
    private readonly LimitOptions _limits = limits.Value;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, TokenBucket> _perAddress = new();
    private long _calls;

    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocation, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        // Wall-clock time on purpose: this protects the process, it is not chat time that tests fake.
        var bucket = (TokenBucket)invocation.Context.Items.GetOrAdd(BucketKey, _ => invocation.Hub is StaffHub
            ? new TokenBucket(capacity: 60, perSecond: 20, TimeProvider.System)
            : new TokenBucket(capacity: 30, perSecond: 5, TimeProvider.System));
        var address = invocation.Context.GetHttpContext()?.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        var perAddress = _perAddress.GetOrAdd(address, _ => invocation.Hub is StaffHub
            ? new TokenBucket(_limits.HubBurstPerAddress, _limits.StaffHubCallsPerAddressPerSecond, TimeProvider.System)
            : new TokenBucket(_limits.HubBurstPerAddress, _limits.PatronHubCallsPerAddressPerSecond, TimeProvider.System));
        if (!bucket.TryTake() || !perAddress.TryTake())
            throw new HubException($"{ErrorCodes.RateLimited}: Too many calls; slow down and retry in a moment.");
        if (Interlocked.Increment(ref _calls) % 10_000 == 0)
            _perAddress.Clear(); // forget idle addresses now and then; a full bucket is the same as none
        try
        {
            return await next(invocation);
        }
        catch (ChatException ex)
        {
            throw new HubException($"{ex.Code}: {ex.Message}");
        }
        catch (Exception ex) when (ex is not HubException and not OperationCanceledException)
        {
            Log.HubMethodFailed(logger, ex, invocation.HubMethodName);
            throw new HubException($"{ErrorCodes.Internal}: Something went wrong on the server; please retry.");
        }
    }
}

internal static class DictionaryExtensions
{
    public static object GetOrAdd(this IDictionary<object, object?> items, object key, Func<object, object> create)
    {
        if (items.TryGetValue(key, out var value) && value is not null)
            return value;
        var created = create(key);
        items[key] = created;
        return created;
    }
}

/// <summary>A classic token bucket: bursts up to capacity, refilled continuously.</summary>
public sealed class TokenBucket
{
    private readonly Lock _lock = new();
    private readonly double _capacity;
    private readonly double _perSecond;
    private readonly TimeProvider _time;
    private double _tokens;
    private long _last;

    public TokenBucket(double capacity, double perSecond, TimeProvider time)
    {
        _capacity = _tokens = capacity;
        _perSecond = perSecond;
        _time = time;
        _last = time.GetTimestamp();
    }
    public bool TryTake()
    {
        lock (_lock)
        {
            var now = _time.GetTimestamp();
            _tokens = Math.Min(_capacity, _tokens + _time.GetElapsedTime(_last, now).TotalSeconds * _perSecond);
            _last = now;
            if (_tokens < 1)
                return false;
            _tokens -= 1;
            return true;
        }
    }
}
