using System.Globalization;
using System.Runtime;
using System.Runtime.InteropServices;

namespace AskLibrary.Bench.KbBench;

/// <summary>Prints the results as Markdown tables, ready to paste into docs/search.md.</summary>
internal static class Report
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static void Machine(TextWriter output, int sources, int paragraphs, int queries)
    {
        output.WriteLine($"KbBench {DateTimeOffset.UtcNow.ToString("yyyy-MM-dd HH:mm", Invariant)} UTC, {Environment.ProcessorCount} cores, " +
            $"{RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}, " +
            $"{(GCSettings.IsServerGC ? "server" : "workstation")} GC");
        output.WriteLine($"corpus: {sources} real articles, {paragraphs} paragraphs to recombine; {queries} distinct typed queries");
        Load(output, "start");
    }

    /// <summary>Other work on the machine inflates latencies, tails most: the load average says how much there was.</summary>
    public static void Load(TextWriter output, string when)
    {
        if (File.Exists("/proc/loadavg"))
            output.WriteLine($"load average (1, 5, 15 min) at the {when}: {string.Join(", ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3))}");
        output.WriteLine();
    }

    public static void Table(TextWriter output, IReadOnlyList<SystemResult> results, string product, string reference)
    {
        output.WriteLine("| articles | system | indexing s | articles/s | indexing CPU s | queries | answered | mean ms | p50 ms | p99 ms | CPU p50 ms | CPU p99 ms |");
        output.WriteLine("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in results)
        {
            var l = r.Latencies;
            output.WriteLine(string.Create(Invariant,
                $"| {r.Articles:N0} | {r.System} | {r.Indexing.TotalSeconds:0.000} | {r.ArticlesPerSecond:N0} | {r.IndexingCpu.TotalSeconds:0.000} | {l.Count} | {100.0 * l.Answered / Math.Max(l.Count, 1):0}% | " +
                $"{l.MeanMs:0.000} | {l.PercentileMs(0.5):0.000} | {l.PercentileMs(0.99):0.000} | {l.CpuPercentileMs(0.5):0.000} | {l.CpuPercentileMs(0.99):0.000} |"));
        }
        output.WriteLine();
        output.WriteLine($"Ratios {product} ÷ {reference} (latency: above 1 is slower; indexing throughput: below 1 is slower):");
        output.WriteLine();
        output.WriteLine("| articles | mean | p50 | p99 | CPU p50 | CPU p99 | indexing articles/s |");
        output.WriteLine("|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var size in results.Select(r => r.Articles).Distinct())
        {
            var ours = results.Single(r => r.Articles == size && r.System == product);
            var theirs = results.Single(r => r.Articles == size && r.System == reference);
            output.WriteLine(string.Create(Invariant,
                $"| {size:N0} | {Ratio(ours.Latencies.MeanMs, theirs.Latencies.MeanMs)} | {Ratio(ours.Latencies.PercentileMs(0.5), theirs.Latencies.PercentileMs(0.5))} | " +
                $"{Ratio(ours.Latencies.PercentileMs(0.99), theirs.Latencies.PercentileMs(0.99))} | " +
                $"{Ratio(ours.Latencies.CpuPercentileMs(0.5), theirs.Latencies.CpuPercentileMs(0.5))} | {Ratio(ours.Latencies.CpuPercentileMs(0.99), theirs.Latencies.CpuPercentileMs(0.99))} | " +
                $"{Ratio(ours.ArticlesPerSecond, theirs.ArticlesPerSecond)} |"));
        }
        output.WriteLine();
    }

    /// <summary>The issue's target: p99 under 5 ms at 10,000 articles.</summary>
    public static void Target(TextWriter output, IReadOnlyList<SystemResult> results, string product)
    {
        if (results.FirstOrDefault(r => r.Articles == 10_000 && r.System == product) is not { } at10k)
        {
            output.WriteLine("target (p99 < 5 ms at 10,000 articles): not measured in this run");
            return;
        }
        var p99 = at10k.Latencies.PercentileMs(0.99);
        var cpu99 = at10k.Latencies.CpuPercentileMs(0.99);
        output.WriteLine(string.Create(Invariant,
            $"target (p99 < 5 ms at 10,000 articles): wall {p99:0.000} ms — {(p99 < 5 ? "met" : "NOT met")}; thread CPU {cpu99:0.000} ms — {(cpu99 < 5 ? "met" : "NOT met")}"));
    }

    public static void Breakdown(TextWriter output, int size, Dictionary<string, Latencies> parts)
    {
        output.WriteLine();
        output.WriteLine($"Where a suggestion's time goes at {size:N0} articles (each distinct query once per part):");
        output.WriteLine();
        output.WriteLine("| part | queries | CPU mean ms | CPU p50 ms | CPU p99 ms |");
        output.WriteLine("|---|---:|---:|---:|---:|");
        foreach (var (name, l) in parts)
            output.WriteLine(string.Create(Invariant, $"| {name} | {l.Count} | {l.CpuMeanMs:0.000} | {l.CpuPercentileMs(0.5):0.000} | {l.CpuPercentileMs(0.99):0.000} |"));
    }

    private static string Ratio(double ours, double theirs) =>
        theirs <= 0 ? "–" : (ours / theirs).ToString("0.00", Invariant);
}
