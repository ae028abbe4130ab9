using System.Globalization;

namespace AskLibrary.Bench.ChatLoad;

/// <summary>One measured window of a chat load.</summary>
internal sealed record Step(
    string Target, int Patrons, int Tabs, double Offered, double Throughput, double ChatsPerSecond,
    double P50, double P90, double P99, double Max, long Deliveries, long Errors, string? ErrorKinds,
    double ServerCpu, double ServerRssMb, double ClientCpu, int Connected, string LoadAverage)
{
    /// <summary>The server's garbage collections in the window, when measured with <c>--gc</c>.</summary>
    public GcWindow? Gc { get; init; }

    /// <summary>The server's CPU per acked message by kind of thread, in µs (<see cref="ThreadCpu"/>).</summary>
    public IReadOnlyDictionary<string, double> CpuPerMessage { get; init; } = new Dictionary<string, double>();

    /// <summary>With <c>--timeline</c>: the warm-up's and the window's deliveries and latencies in 5 s slices.</summary>
    public string? Timeline { get; init; }

    /// <summary>This process's own garbage collections in the window: the load generator's pauses delay its sends and its clocks.</summary>
    public ClientGc? LoadGeneratorGc { get; init; }

    /// <summary>The server's thread pool: its threads at the window's end and their context switches per second.</summary>
    public ThreadCpu.PoolActivity? Pool { get; init; }

    /// <summary>Events other than MessageAdded the clients received in the window, by name: per second, KB per second.</summary>
    public IReadOnlyDictionary<string, (double PerSecond, double KbPerSecond)> OtherEvents { get; init; } = new Dictionary<string, (double, double)>();

    /// <summary>The other events, the most bytes first, or null when there were none (the echo sends none).</summary>
    public string? DescribeOtherEvents() => OtherEvents.Count == 0
        ? null
        : string.Join("; ", OtherEvents.OrderByDescending(e => e.Value.KbPerSecond).Select(e =>
            string.Create(CultureInfo.InvariantCulture, $"{e.Key} {e.Value.PerSecond:N0}/s, {e.Value.KbPerSecond:N0} KB/s")));

    public static async Task<Step> MeasureAsync(LoadTarget target, ChatSimulation simulation, TimeSpan warmup, TimeSpan duration, bool watchGc = false,
        bool timeline = false)
    {
        await Task.Delay(warmup);
        var warm = simulation.Recorder.Reset();
        var warmSlices = timeline ? DescribeSlices(warm) : null;
        var server = ProcessStats.Of(target.ProcessId);
        var threads = ThreadCpu.Of(target.ProcessId);
        var client = ProcessStats.OfSelf();
        var clientGc = ClientGc.Now();
        var gc = watchGc ? GcWatch.Start(target.ProcessId) : null;
        await Task.Delay(duration);
        var window = simulation.Recorder.Reset();
        var windowSlices = timeline ? DescribeSlices(window) : null;
        var serverAfter = ProcessStats.Of(target.ProcessId);
        var threadsAfter = ThreadCpu.Of(target.ProcessId);
        var clientAfter = ProcessStats.OfSelf();
        var clientGcAfter = ClientGc.Now();
        var seconds = (serverAfter.At - server.At).TotalSeconds;
        var collections = gc is null ? null : await gc.StopAsync(serverAfter.At - server.At, window.Acked);
        return new Step(target.Name, simulation.Patrons, simulation.Tabs, simulation.Offered, window.Acked / seconds, window.Chats / seconds,
            window.Percentile(50), window.Percentile(90), window.Percentile(99), window.Percentile(100), window.LatenciesMs.Count,
            window.Errors, window.ErrorKinds, ProcessStats.CpuPercent(server, serverAfter), serverAfter.RssMb,
            ProcessStats.CpuPercent(client, clientAfter), simulation.Connected, ProcessStats.LoadAverage())
        {
            Gc = collections,
            CpuPerMessage = ThreadCpu.PerUnit(threads, threadsAfter, window.Acked),
            Pool = ThreadCpu.Pool(threads, threadsAfter, seconds),
            LoadGeneratorGc = clientGcAfter - clientGc,
            Timeline = timeline ? $"  timeline, 5 s slices (deliveries/s p50/p99 ms) — warm-up: {warmSlices}\n  window: {windowSlices}" : null,
            OtherEvents = window.OtherEvents.ToDictionary(e => e.Key, e => (e.Value.Frames / seconds, e.Value.Bytes / 1024.0 / seconds)),
        };
    }

    private static string DescribeSlices(Recorder.Window window) => string.Join(" · ", window.Slices(TimeSpan.FromSeconds(5))
        .Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.PerSecond:F0} {s.P50:F1}/{s.P99:F0}")));

    public const string Header =
        "| target | patrons | librarian tabs | offered msg/s | acked msg/s | chats/s | p50 ms | p90 ms | p99 ms | max ms | errors | server CPU % | server RSS MB | client CPU % | connections | load avg |\n" +
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|";

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"| {Target} | {Patrons} | {Tabs} | {Offered:F0} | {Throughput:F0} | {ChatsPerSecond:F1} | {P50:F1} | {P90:F1} | {P99:F1} | {Max:F0} | {Errors} | {ServerCpu:F0} | {ServerRssMb:F0} | {ClientCpu:F0} | {Connected} | {LoadAverage} |");
}

/// <summary>The load generator's own collections and the time they paused it (from the runtime's counters).</summary>
internal sealed record ClientGc(int Gen0, int Gen1, int Gen2, TimeSpan Paused)
{
    public static ClientGc Now() => new(GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration());

    public static ClientGc operator -(ClientGc after, ClientGc before) =>
        new(after.Gen0 - before.Gen0, after.Gen1 - before.Gen1, after.Gen2 - before.Gen2, after.Paused - before.Paused);

    // CollectionCount(0) counts every collection, CollectionCount(1) those of gen1 and gen2, CollectionCount(2) gen2's.
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"  load generator's GC: {Gen0 - Gen1} gen0, {Gen1 - Gen2} gen1, {Gen2} gen2 collections, paused {Paused.TotalMilliseconds:F0} ms in all");
}
