using System.Runtime.InteropServices;

namespace AskLibrary.Bench.KbBench;

/// <summary>
/// CPU time of the calling thread (Linux CLOCK_THREAD_CPUTIME_ID, nanoseconds). On a shared machine wall-clock
/// latency includes time spent waiting for a core; thread CPU time is what a query costs when it has one.
/// Collector work on server-GC threads is not included.
/// </summary>
internal static partial class ThreadCpuClock
{
    private const int ThreadCpuTimeId = 3;

    public static bool IsAvailable { get; } = OperatingSystem.IsLinux();

    /// <summary>Nanoseconds of CPU this thread has used, or 0 where the clock is not available.</summary>
    public static long Nanoseconds()
    {
        if (!IsAvailable || ClockGetTime(ThreadCpuTimeId, out var time) != 0) return 0;
        return time.Seconds * 1_000_000_000 + time.Nanoseconds;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, out TimeSpec time);
}
