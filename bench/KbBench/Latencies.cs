using System.Diagnostics;

namespace AskLibrary.Bench.KbBench;

/// <summary>
/// Timings of one system at one size: wall clock (Stopwatch) and the calling thread's CPU time, summarised as
/// mean and nearest-rank percentiles.
/// </summary>
internal sealed class Latencies
{
    private readonly List<long> _ticks = [];
    private readonly List<long> _cpuNanoseconds = [];

    public int Count => _ticks.Count;

    public int Answered { get; private set; }

    public void Add(long ticks, long cpuNanoseconds, int suggested)
    {
        _ticks.Add(ticks);
        _cpuNanoseconds.Add(cpuNanoseconds);
        if (suggested > 0) Answered++;
    }

    public double MeanMs => _ticks.Count == 0 ? 0 : ToMs(_ticks.Average());

    public double PercentileMs(double p) => ToMs(Percentile(_ticks, p));

    public double CpuMeanMs => _cpuNanoseconds.Count == 0 ? 0 : _cpuNanoseconds.Average() / 1e6;

    public double CpuPercentileMs(double p) => Percentile(_cpuNanoseconds, p) / 1e6;

    private static long Percentile(List<long> values, double p)
    {
        if (values.Count == 0) return 0;
        var sorted = values.Order().ToList();
        int rank = (int)Math.Ceiling(p * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }

    private static double ToMs(double ticks) => ticks * 1000.0 / Stopwatch.Frequency;
}

/// <summary>What one system did at one knowledge-base size; indexing CPU is the whole process's (merge and GC threads too).</summary>
internal sealed record SystemResult(string System, int Articles, TimeSpan Indexing, TimeSpan IndexingCpu, Latencies Latencies)
{
    public double ArticlesPerSecond => Articles / Indexing.TotalSeconds;
}
