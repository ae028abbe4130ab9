using System.Collections.Concurrent;
using System.Diagnostics;

namespace AskLibrary.Bench.ChatLoad;

/// <summary>
/// Acks and deliveries of one measurement window. A message's client id starts with who sent it ('p' patron,
/// 'l' librarian), so a delivery counts only on the other side, not on the sender's own echo.
/// </summary>
internal sealed class Recorder
{
    private readonly ConcurrentDictionary<string, long> _sentAt = new();
    private readonly Lock _lock = new();
    private List<double> _latenciesMs = [];
    private List<long> _deliveredAt = []; // when each of _latenciesMs arrived (Stopwatch ticks), in the same order
    private long _since = Stopwatch.GetTimestamp(); // when the current window began
    private long _acked, _chats, _errors;
    private ConcurrentDictionary<string, long> _errorKinds = new(StringComparer.Ordinal);
    private ConcurrentDictionary<string, EventCount> _otherEvents = new(StringComparer.Ordinal);

    public void Sent(string clientMessageId) => _sentAt[clientMessageId] = Stopwatch.GetTimestamp();

    public void Acked() => Interlocked.Increment(ref _acked);

    public void ChatStarted() => Interlocked.Increment(ref _chats);

    public void Failed(string error)
    {
        Interlocked.Increment(ref _errors);
        _errorKinds.AddOrUpdate(error, 1, static (_, n) => n + 1);
    }

    /// <summary>An event other than MessageAdded arrived (queue views, presence, chat updates), with its arguments' size.</summary>
    public void OtherEvent(string name, long bytes)
    {
        var count = _otherEvents.GetOrAdd(name, static _ => new EventCount());
        Interlocked.Increment(ref count.Frames);
        Interlocked.Add(ref count.Bytes, bytes);
    }

    /// <summary>A MessageAdded arrived; counts when it was sent by <paramref name="from"/>, the other side.</summary>
    public bool Delivered(string? clientMessageId, char from)
    {
        if (clientMessageId is null || clientMessageId.Length == 0 || clientMessageId[0] != from || !_sentAt.TryRemove(clientMessageId, out var at))
            return false;
        var now = Stopwatch.GetTimestamp();
        var ms = Stopwatch.GetElapsedTime(at, now).TotalMilliseconds;
        lock (_lock)
        {
            _latenciesMs.Add(ms);
            _deliveredAt.Add(now);
        }
        return true;
    }

    /// <summary>Messages sent more than <paramref name="age"/> ago that the other side never received.</summary>
    public int Undelivered(TimeSpan age) => _sentAt.Values.Count(at => Stopwatch.GetElapsedTime(at) > age);

    /// <summary>Starts a new window and returns what the last one saw.</summary>
    public Window Reset()
    {
        List<double> latencies;
        List<long> deliveredAt;
        long since, until;
        lock (_lock)
        {
            latencies = _latenciesMs;
            deliveredAt = _deliveredAt;
            _latenciesMs = new List<double>(latencies.Count);
            _deliveredAt = new List<long>(deliveredAt.Count);
            since = _since;
            until = _since = Stopwatch.GetTimestamp();
        }
        var kinds = Interlocked.Exchange(ref _errorKinds, new ConcurrentDictionary<string, long>(StringComparer.Ordinal));
        var events = Interlocked.Exchange(ref _otherEvents, new ConcurrentDictionary<string, EventCount>(StringComparer.Ordinal));
        return new Window(Interlocked.Exchange(ref _acked, 0), Interlocked.Exchange(ref _chats, 0), Interlocked.Exchange(ref _errors, 0),
            ErrorKinds(kinds), latencies)
        {
            OtherEvents = events.ToDictionary(e => e.Key, e => (e.Value.Frames, e.Value.Bytes), StringComparer.Ordinal),
            DeliveredAt = deliveredAt,
            Since = since,
            Until = until,
        };
    }

    private sealed class EventCount
    {
        public long Frames, Bytes;
    }

    /// <summary>The window's errors by kind, the most frequent first (one kind can hide behind another's last word).</summary>
    private static string? ErrorKinds(ConcurrentDictionary<string, long> kinds) => kinds.IsEmpty
        ? null
        : string.Join("; ", kinds.OrderByDescending(k => k.Value).Take(4).Select(k => $"{k.Value} × {k.Key}"))
            + (kinds.Count > 4 ? $"; {kinds.Count - 4} more kinds" : "");

    /// <param name="ErrorKinds">Each kind of error with how often it happened, or null when none did.</param>
    public sealed record Window(long Acked, long Chats, long Errors, string? ErrorKinds, List<double> LatenciesMs)
    {
        /// <summary>Events other than MessageAdded the clients received, by name: frames and bytes of their arguments.</summary>
        public IReadOnlyDictionary<string, (long Frames, long Bytes)> OtherEvents { get; init; } = new Dictionary<string, (long, long)>();

        /// <summary>When each latency was taken (Stopwatch ticks), in the order of <see cref="LatenciesMs"/>.</summary>
        public IReadOnlyList<long> DeliveredAt { get; init; } = [];

        /// <summary>When the window began and ended (Stopwatch ticks).</summary>
        public long Since { get; init; }

        public long Until { get; init; }

        /// <summary>
        /// The window in slices of <paramref name="width"/> from its start, by delivery time: deliveries per second, p50
        /// and p99 of each (NaN for a slice without deliveries), to show when a run fell behind. The last slice may be
        /// shorter; its rate is over its own length.
        /// </summary>
        public IReadOnlyList<(double PerSecond, double P50, double P99)> Slices(TimeSpan width)
        {
            var ticks = (long)(width.TotalSeconds * Stopwatch.Frequency);
            var count = (int)((Until - Since + ticks - 1) / ticks);
            var slices = Enumerable.Range(0, count).Select(_ => new List<double>()).ToList();
            for (var i = 0; i < LatenciesMs.Count; i++)
                slices[(int)Math.Clamp((DeliveredAt[i] - Since) / ticks, 0, count - 1)].Add(LatenciesMs[i]);
            return slices.Select((latencies, k) =>
            {
                var seconds = (double)(Math.Min(Until, Since + (k + 1) * ticks) - (Since + k * ticks)) / Stopwatch.Frequency;
                if (latencies.Count == 0)
                    return (0.0, double.NaN, double.NaN);
                latencies.Sort();
                return (latencies.Count / seconds, OfSorted(latencies, 50), OfSorted(latencies, 99));
            }).ToList();
        }

        private List<double>? _sorted; // the latencies sorted, once; LatenciesMs stays in the order recorded

        public double Percentile(double p)
        {
            if (LatenciesMs.Count == 0)
                return double.NaN;
            _sorted ??= [.. LatenciesMs.Order()];
            return OfSorted(_sorted, p);
        }

        /// <summary>The p-th percentile of latencies sorted ascending (nearest rank).</summary>
        private static double OfSorted(List<double> sorted, double p) =>
            sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];
    }
}
