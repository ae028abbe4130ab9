using System.Globalization;

namespace AskLibrary.Bench.ChatLoad;

/// <summary>CPU time and resident memory of a process, from /proc (Linux).</summary>
internal readonly record struct ProcessStats(TimeSpan Cpu, long RssBytes, DateTimeOffset At)
{
    // USER_HZ: 100 on every Linux build these machines run; /proc/<pid>/stat counts in it.
    internal const double TicksPerSecond = 100;

    public static ProcessStats Of(int pid)
    {
        if (!Directory.Exists($"/proc/{pid}"))
            throw new InvalidOperationException($"The server (process {pid}) has exited; the load stopped being measured there.");
        var ticks = CpuTicks(File.ReadAllText($"/proc/{pid}/stat"));
        return new ProcessStats(TimeSpan.FromSeconds(ticks / TicksPerSecond), RssOf(pid), TimeProvider.System.GetUtcNow());
    }

    /// <summary>User plus system time, in USER_HZ ticks, from a process's or a thread's <c>stat</c> line.</summary>
    internal static long CpuTicks(string stat)
    {
        // The command name may hold spaces; the fields after its closing parenthesis start with the state (field 3).
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
    }

    public static ProcessStats OfSelf()
    {
        using var self = System.Diagnostics.Process.GetCurrentProcess();
        return new ProcessStats(self.TotalProcessorTime, RssOf(Environment.ProcessId), TimeProvider.System.GetUtcNow());
    }

    public double RssMb => RssBytes / 1024.0 / 1024.0;

    /// <summary>CPU used between two readings as a percentage of one core (200 % = both cores of this machine).</summary>
    public static double CpuPercent(ProcessStats from, ProcessStats to) =>
        100 * (to.Cpu - from.Cpu).TotalSeconds / Math.Max(0.001, (to.At - from.At).TotalSeconds);

    public static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));

    private static long RssOf(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line[6..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
    }
}
