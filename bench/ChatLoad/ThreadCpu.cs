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

    private readonly Dictionary<(int Tid, string Name), Reading> _threads;

    private ThreadCpu(Dictionary<(int Tid, string Name), Reading> threads) => _threads = threads;

    /// <summary>One thread's CPU time (clock ticks) and how often it gave up the CPU, waiting or preempted.</summary>
    private readonly record struct Reading(long Ticks, long Voluntary, long Involuntary);

    public static ThreadCpu Of(int pid)
    {
        var threads = new Dictionary<(int, string), Reading>();
        foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
        {
            string stat, status;
            try
            {
                stat = File.ReadAllText(Path.Combine(task, "stat"));
                status = File.ReadAllText(Path.Combine(task, "status"));
            }
            catch (IOException)
            {
                continue; // the thread ended while the directory was read
            }
            // "tid (name) state …": the name may hold spaces.
            var open = stat.IndexOf('(');
            var tid = int.Parse(stat[..open].Trim(), CultureInfo.InvariantCulture);
            threads[(tid, stat[(open + 1)..stat.LastIndexOf(')')])] = new Reading(ProcessStats.CpuTicks(stat),
                StatusField(status, "voluntary_ctxt_switches:"), StatusField(status, "nonvoluntary_ctxt_switches:"));
        }
        return new ThreadCpu(threads);
    }

    private static long StatusField(string status, string name)
    {
        var at = status.IndexOf("\n" + name, StringComparison.Ordinal);
        if (at < 0)
            return 0;
        var start = at + 1 + name.Length;
        var end = status.IndexOf('\n', start);
        return long.Parse(status.AsSpan(start, (end < 0 ? status.Length : end) - start).Trim(), CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The thread pool's threads at the end of a window, and how often per second its threads gave up the CPU in it:
    /// voluntarily (waiting: for work, a lock or I/O) and not (preempted by another thread).
    /// </summary>
    public static PoolActivity Pool(ThreadCpu from, ThreadCpu to, double seconds)
    {
        long voluntary = 0, involuntary = 0;
        var pool = to._threads.Where(t => GroupOf(t.Key.Name) == "thread pool").ToList();
        foreach (var (key, after) in pool)
        {
            var before = from._threads.GetValueOrDefault(key);
            voluntary += after.Voluntary - before.Voluntary;
            involuntary += after.Involuntary - before.Involuntary;
        }
        return new PoolActivity(pool.Count, voluntary / seconds, involuntary / seconds);
    }

    public sealed record PoolActivity(int Threads, double VoluntarySwitchesPerSecond, double InvoluntarySwitchesPerSecond)
    {
        public override string ToString() => string.Create(CultureInfo.InvariantCulture,
            $"  thread pool: {Threads} threads; context switches {VoluntarySwitchesPerSecond:N0}/s waiting, {InvoluntarySwitchesPerSecond:N0}/s preempted");
    }

    /// <summary>
    /// Microseconds of CPU per <paramref name="units"/> (acked messages) by group between two readings. A thread that
    /// started in between counts from its start; one that ended in between is lost (thread-pool threads rarely do).
    /// </summary>
    public static IReadOnlyDictionary<string, double> PerUnit(ThreadCpu from, ThreadCpu to, double units)
    {
        var seconds = Groups.ToDictionary(g => g, _ => 0.0);
        foreach (var (key, after) in to._threads)
            seconds[GroupOf(key.Name)] += (after.Ticks - from._threads.GetValueOrDefault(key).Ticks) / ProcessStats.TicksPerSecond;
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
