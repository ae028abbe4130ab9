using System.Diagnostics.Tracing;
using System.Globalization;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Parsers;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

namespace AskLibrary.Bench.ChatLoad;

/// <summary>
/// The garbage collections of a server process during a measured window, from the runtime's own GC events read over
/// its diagnostics port (EventPipe): how often it collected, how long each collection paused the process, how much of
/// a pause went to marking through the older generations' cards, and how much was allocated. The allocation figure
/// comes from the runtime's allocation ticks (one per ~100 KB allocated), so it is exact to about 100 KB per tick.
/// </summary>
internal sealed class GcWatch
{
    private const int TypesShown = 6; // the types that took the most, as shares of all that was allocated
    private readonly EventPipeSession _session;
    private readonly Task _reading;
    private readonly List<Collection> _collections = []; // only the reading task touches these until it has finished
    private readonly Dictionary<string, long> _allocatedByType = new(StringComparer.Ordinal);
    private long _allocated;
    private double _suspendedAt = -1;
    private int _generation = -1;
    private string _reason = "";
    private double _handlesMarkedAt = -1;
    private double _olderMarkedMs;
    private double _suspendMs;
    private double _startedAt = -1;
    private double _stacksMarkedMs;
    private long _promoted;

    private GcWatch(EventPipeSession session)
    {
        _session = session;
        var source = new EventPipeEventSource(session.EventStream);
        source.Clr.GCAllocationTick += e =>
        {
            _allocated += e.AllocationAmount64;
            var type = e.TypeName ?? "?";
            _allocatedByType[type] = _allocatedByType.GetValueOrDefault(type) + e.AllocationAmount64;
        };
        source.Clr.GCSuspendEEStart += e => _suspendedAt = e.TimeStampRelativeMSec;
        source.Clr.GCSuspendEEStop += e => _suspendMs = _suspendedAt >= 0 ? e.TimeStampRelativeMSec - _suspendedAt : 0;
        source.Clr.GCStart += e =>
        {
            _generation = e.Depth;
            _reason = e.Reason.ToString();
            _startedAt = e.TimeStampRelativeMSec;
            _handlesMarkedAt = -1;
            _olderMarkedMs = 0;
            _stacksMarkedMs = 0;
            _promoted = 0;
        };
        // What the collection kept: the bytes it promoted out of the generations it collected.
        source.Clr.GCHeapStats += e => _promoted = e.TotalPromotedSize0 + (_generation >= 1 ? e.TotalPromotedSize1 : 0);
        // The mark phase reports each kind of root as it finishes with it: handles (2), then the older generations (3).
        source.Clr.GCMarkWithType += e =>
        {
            if (e.Type == 0 && _startedAt >= 0)
                _stacksMarkedMs = e.TimeStampRelativeMSec - _startedAt;
            else if (e.Type == 2)
                _handlesMarkedAt = e.TimeStampRelativeMSec;
            else if (e.Type == 3 && _handlesMarkedAt >= 0)
                _olderMarkedMs = e.TimeStampRelativeMSec - _handlesMarkedAt;
        };
        source.Clr.GCRestartEEStop += e =>
        {
            if (_suspendedAt >= 0 && _generation >= 0)
                _collections.Add(new Collection(_generation, e.TimeStampRelativeMSec - _suspendedAt, _olderMarkedMs, _suspendMs, _stacksMarkedMs, _promoted, _reason));
            _suspendedAt = -1;
            _generation = -1;
        };
        _reading = Task.Run(source.Process);
    }

    /// <summary>Starts reading the process's GC events; <see cref="StopAsync"/> ends the window.</summary>
    public static GcWatch Start(int processId)
    {
        var keywords = (long)(ClrTraceEventParser.Keywords.GC);
        var session = new DiagnosticsClient(processId).StartEventPipeSession(
            new EventPipeProvider("Microsoft-Windows-DotNETRuntime", EventLevel.Verbose, keywords), requestRundown: false);
        return new GcWatch(session);
    }

    public async Task<GcWindow> StopAsync(TimeSpan window, double messages)
    {
        await _session.StopAsync(CancellationToken.None);
        await _reading;
        _session.Dispose();
        var seconds = window.TotalSeconds;
        var young = _collections.Where(c => c.Generation < 2).ToList();
        var topTypes = _allocatedByType.OrderByDescending(kv => kv.Value).Take(TypesShown)
            .Select(kv => string.Create(CultureInfo.InvariantCulture, $"{kv.Key} {100.0 * kv.Value / Math.Max(1, _allocated):F0} %")).ToList();
        return new GcWindow(
            Gen0: _collections.Count(c => c.Generation == 0),
            Gen1: _collections.Count(c => c.Generation == 1),
            Gen2: _collections.Count(c => c.Generation == 2),
            PerSecond: _collections.Count / seconds,
            PausedPercent: 100 * _collections.Sum(c => c.PauseMs) / 1000 / seconds,
            PauseAvgMs: _collections.Count == 0 ? 0 : _collections.Average(c => c.PauseMs),
            PauseMaxMs: _collections.Count == 0 ? 0 : _collections.Max(c => c.PauseMs),
            OlderMarkAvgMs: young.Count == 0 ? 0 : young.Average(c => c.OlderMarkMs),
            SuspendAvgMs: _collections.Count == 0 ? 0 : _collections.Average(c => c.SuspendMs),
            StacksMarkAvgMs: young.Count == 0 ? 0 : young.Average(c => c.StacksMarkMs),
            PromotedAvgMb: young.Count == 0 ? 0 : young.Average(c => c.Promoted) / 1e6,
            AllocatedMbPerSecond: _allocated / 1e6 / seconds,
            AllocatedKbPerMessage: messages > 0 ? _allocated / 1e3 / messages : double.NaN,
            Reasons: string.Join(", ", _collections.GroupBy(c => c.Reason).Select(g => $"{g.Key} {g.Count()}")),
            TopTypes: topTypes.Count == 0 ? "-" : string.Join(", ", topTypes));
    }

    private sealed record Collection(int Generation, double PauseMs, double OlderMarkMs, double SuspendMs, double StacksMarkMs, long Promoted, string Reason);
}

/// <summary>What <see cref="GcWatch"/> saw in one window.</summary>
internal sealed record GcWindow(
    int Gen0, int Gen1, int Gen2, double PerSecond, double PausedPercent, double PauseAvgMs, double PauseMaxMs,
    double OlderMarkAvgMs, double SuspendAvgMs, double StacksMarkAvgMs, double PromotedAvgMb, double AllocatedMbPerSecond, double AllocatedKbPerMessage, string Reasons, string TopTypes)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"  server GC: {Gen0} gen0, {Gen1} gen1, {Gen2} gen2 collections ({PerSecond:F2}/s); paused {PausedPercent:F1} % of the time, " +
        $"{PauseAvgMs:F1} ms on average, {PauseMaxMs:F1} at most (why: {Reasons}; suspending the threads {SuspendAvgMs:F1} ms); per gen0/gen1 " +
        $"collection: marking from the stacks {StacksMarkAvgMs:F1} ms, through older generations {OlderMarkAvgMs:F1} ms, " +
        $"{PromotedAvgMb:F1} MB promoted; allocated {AllocatedMbPerSecond:F0} MB/s, {AllocatedKbPerMessage:F1} KB per acked message (most: {TopTypes})");
}
