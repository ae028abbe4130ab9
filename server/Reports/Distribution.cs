namespace AskLibrary.Reports;

/// <summary>
/// Percentiles and histogram buckets of a set of durations. Percentiles are nearest-rank: the p-th
/// percentile of n sorted values is the value at rank ⌈p·n⌉ (1-based), so it is always a measured
/// value and a test can predict it exactly. Buckets hold values v with from ≤ v &lt; to.
/// </summary>
public static class Distribution
{
    /// <summary>Wait and first-response buckets, in seconds (the last is open-ended).</summary>
    public static readonly int[] ResponseEdges = [0, 15, 30, 60, 120, 300, 600];

    /// <summary>Chat-duration buckets, in seconds: 0–5, 5–10, 10–15, 15–30, 30–60 minutes, 60+.</summary>
    public static readonly int[] DurationEdges = [0, 300, 600, 900, 1800, 3600];

    public static double? Percentile(IReadOnlyList<double> sorted, double p) =>
        sorted.Count == 0 ? null : sorted[Math.Max(1, (int)Math.Ceiling(p * sorted.Count)) - 1];

    public static double? Mean(IReadOnlyList<double> values, int decimals) =>
        values.Count == 0 ? null : Math.Round(values.Average(), decimals, MidpointRounding.AwayFromZero);

    /// <summary>One row per bucket: [fromSeconds, toSeconds or null, count].</summary>
    public static List<IReadOnlyList<object?>> Buckets(IReadOnlyList<double> seconds, int[] edges)
    {
        var rows = new List<IReadOnlyList<object?>>();
        for (var i = 0; i < edges.Length; i++)
        {
            int? upper = i + 1 < edges.Length ? edges[i + 1] : null;
            var count = seconds.Count(v => v >= edges[i] && (upper is null || v < upper));
            rows.Add([edges[i], upper, count]);
        }
        return rows;
    }
}
