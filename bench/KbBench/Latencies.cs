using System.Diagnostics;

namespace AskLibrary.Bench.KbBench;

/// <summary>Stopwatch timings of one system at one size, summarised as mean and nearest-rank percentiles.</summary>
internal sealed class Latencies
{
    private readonly List<long> _ticks = [];

    public int Count => _ticks.Count;

    public int Answered { get; private set; }

    public void Add(long ticks, int suggested)
    {
        _ticks.Add(ticks);
        if (suggested > 0) Answered++;
    }

    public double MeanMs => _ticks.Count == 0 ? 0 : ToMs(_ticks.Average());

    public double PercentileMs(double p)
    {
        if (_ticks.Count == 0) return 0;
        var sorted = _ticks.Order().ToList();
        int rank = (int)Math.Ceiling(p * sorted.Count);
        return ToMs(sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)]);
    }

    private static double ToMs(double ticks) => ticks * 1000.0 / Stopwatch.Frequency;
}

/// <summary>What one system did at one knowledge-base size.</summary>
internal sealed record SystemResult(string System, int Articles, TimeSpan Indexing, Latencies Latencies)
{
    public double ArticlesPerSecond => Articles / Indexing.TotalSeconds;
}
