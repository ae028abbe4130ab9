using System.Threading.Channels;

namespace AskLibrary.Tests.Infrastructure;

/// <summary>
/// Everything a client received for one event, in order. Tests wait for the item they expect
/// (with a generous timeout, never a sleep) and can check afterwards what did not arrive.
/// </summary>
public sealed class EventLog<T>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);
    private readonly List<T> _all = [];
    private readonly Channel<T> _pending = Channel.CreateUnbounded<T>();
    private readonly Lock _lock = new();

    public void Add(T item)
    {
        lock (_lock)
            _all.Add(item);
        _pending.Writer.TryWrite(item);
    }

    public IReadOnlyList<T> All
    {
        get
        {
            lock (_lock)
                return _all.ToList();
        }
    }

    /// <summary>Waits for the next item (skipping older ones) that matches.</summary>
    public async Task<T> WaitAsync(Func<T, bool>? match = null, string? what = null)
    {
        using var cts = new CancellationTokenSource(Timeout);
        try
        {
            while (true)
            {
                var item = await _pending.Reader.ReadAsync(cts.Token);
                if (match is null || match(item))
                    return item;
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"No {typeof(T).Name} {what ?? "matching"} arrived within {Timeout.TotalSeconds} s. Received: {string.Join(" | ", All)}");
        }
    }

    /// <summary>Drops what has arrived so far, so the next wait sees only new items.</summary>
    public void Skip()
    {
        while (_pending.Reader.TryRead(out _)) { }
    }
}
