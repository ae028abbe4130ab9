using System.Globalization;

namespace AskLibrary.Bench.ChatLoad;

/// <summary>
/// A process's CPU time by thread, from /proc/&lt;pid&gt;/task (Linux), grouped by what the threads do: where a server's
/// CPU per message goes (the thread pool's hub calls and sends, the store's writer thread, the garbage collector, …),
/// for AskLibrary and the echo alike. Kernel time a thread spends on its own sends and receives counts as its own.
/// </summary>
internal sealed class ThreadCpu
{
    /// <summary>The groups in the order they are reported.</summary>
    public static readonly IReadOnlyList<string> Groups = ["thread pool", "store writer", "checkpointer", "GC", "sockets", "JIT", "other"];

    private readonly Dictionary<(int Tid, string Name), long> _ticks;

    private ThreadCpu(Dictionary<(int Tid, string Name), long> ticks) => _ticks = ticks;

    public static ThreadCpu Of(int pid)
    {
        var ticks = new Dictionary<(int, string), long>();
        foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
        {
            string stat;
            try
            {
                stat = File.ReadAllText(Path.Combine(task, "stat"));
            }
            catch (IOException)
            {
                continue; // the thread ended while the directory was read
            }
            // "tid (name) state …": the name may hold spaces.
            var open = stat.IndexOf('(');
            var tid = int.Parse(stat[..open].Trim(), CultureInfo.InvariantCulture);
            ticks[(tid, stat[(open + 1)..stat.LastIndexOf(')')])] = ProcessStats.CpuTicks(stat);
        }
        return new ThreadCpu(ticks);
    }

    /// <summary>
    /// Microseconds of CPU per <paramref name="units"/> (acked messages) by group between two readings. A thread that
    /// started in between counts from its start; one that ended in between is lost (thread-pool threads rarely do).
    /// </summary>
    public static IReadOnlyDictionary<string, double> PerUnit(ThreadCpu from, ThreadCpu to, double units)
    {
        var seconds = Groups.ToDictionary(g => g, _ => 0.0);
        foreach (var (key, after) in to._ticks)
            seconds[GroupOf(key.Name)] += (after - from._ticks.GetValueOrDefault(key)) / ProcessStats.TicksPerSecond;
        return seconds.ToDictionary(kv => kv.Key, kv => units > 0 ? kv.Value * 1e6 / units : double.NaN);
    }

    public static string Describe(IReadOnlyDictionary<string, double> perUnit) => string.Create(CultureInfo.InvariantCulture,
        $"  server CPU per acked message: {string.Join(", ", Groups.Where(g => perUnit[g] >= 0.5).Select(g => $"{g} {perUnit[g]:F0} µs"))} " +
        $"(all threads {perUnit.Values.Sum():F0} µs)");

    private static string GroupOf(string thread) => thread switch
    {
        ".NET TP Worker" => "thread pool",
        "sqlite-writer" => "store writer",
        _ when thread.StartsWith("sqlite-checkpoi", StringComparison.Ordinal) => "checkpointer",
        _ when thread.StartsWith(".NET Server GC", StringComparison.Ordinal) || thread.StartsWith(".NET BGC", StringComparison.Ordinal)
            || thread.StartsWith(".NET Background", StringComparison.Ordinal) => "GC",
        ".NET Sockets" => "sockets",
        _ when thread.StartsWith(".NET Tiered", StringComparison.Ordinal) => "JIT",
        _ => "other",
    };
}
