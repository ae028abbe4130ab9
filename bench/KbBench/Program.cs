// Knowledge-base suggestion benchmark: latency of the product's suggestion path (KnowledgeService.Suggest, what
// GET /api/kb/suggest runs) and its indexing throughput, against plain Lucene.Net with StandardAnalyzer measured
// in the same run on the same articles and queries (DESIGN.md: "reported as ratios against a reference").
//
//   dotnet run --project bench/KbBench -c Release -- [--sizes 100,10000,100000] [--queries 1000] [--seconds 45]
//       [--kb kb/articles] [--corpus ../shared/eval/kb-zh/corpus] [--dev-queries ../shared/eval/kb-zh/dev-queries.jsonl] [--breakdown]
//
// --queries is the number of timed suggestions per system and size, cycling through the typed queries; timing at a
// size stops early after --seconds (at least 200 each), so a slow size cannot make the run take hours. --breakdown also
// times the parts of the product's suggestion (query building, ranking, the whole) once per distinct query.
// Paths given are relative to the current folder; the defaults are the repository's. Results: docs/search.md, "Speed".
using System.Diagnostics;
using AskLibrary.Bench.KbBench;
using AskLibrary.Knowledge;
using AskLibrary.Knowledge.Markdown;
using AskLibrary.Knowledge.Search;

var root = RepositoryRoot(AppContext.BaseDirectory) ?? RepositoryRoot(Environment.CurrentDirectory)
    ?? throw new DirectoryNotFoundException("Run from the repository (no AskLibrary.sln above the program or the current folder).");
var options = BenchOptions.Parse(args, root);
if (options is null)
{
    Console.Error.WriteLine("usage: KbBench [--sizes 100,10000,100000] [--queries N] [--seconds S] [--kb <dir>] [--corpus <dir>] [--dev-queries <file.jsonl>] [--breakdown]");
    return 2;
}

var sources = ReadArticles(options.Kb, idPrefix: "").Concat(ReadArticles(options.Corpus, idPrefix: "eval-")).ToList();
var corpus = new SyntheticCorpus(sources);
var queries = TypedQueries.From(RetrievalEvaluation.ReadQueries(options.DevQueries));
Report.Machine(Console.Out, corpus.SourceCount, corpus.ParagraphCount, queries.Count);

using var product = new ProductSuggestions(SearchDataOptions.FromRepository(root));
using var reference = new ReferenceSuggestions();
ISuggestionSystem[] systems = [product, reference];

// Warm-up: loads the product's dictionary (~0.5 s, once per process) and JIT-compiles both indexing and search paths.
var warmUp = corpus.Take(100);
foreach (var system in systems)
{
    system.Index(warmUp);
    foreach (var q in queries) system.Suggest(q);
}

const int MinQueries = 200;
var results = new List<SystemResult>();
var breakdowns = new List<(int Size, Dictionary<string, Latencies> Parts)>();
var segments = new List<string>();
foreach (var size in options.Sizes)
{
    var articles = corpus.Take(size);
    var indexing = MeasureIndexing(systems, articles);
    // Each system searches every query once before timing, so the first timed queries do not pay for cold caches.
    foreach (var q in queries.Take(Math.Min(queries.Count, 200)))
        foreach (var system in systems) system.Suggest(q);

    var latencies = systems.ToDictionary(s => s, _ => new Latencies());
    var budget = Stopwatch.StartNew();
    for (int i = 0; i < options.Queries && (i < MinQueries || budget.Elapsed.TotalSeconds < options.Seconds); i++)
    {
        var q = queries[i % queries.Count];
        // Alternate which system goes first, so neither always runs on the other's warm caches.
        foreach (var system in i % 2 == 0 ? systems : Enumerable.Reverse(systems))
        {
            long cpu = ThreadCpuClock.Nanoseconds();
            long start = Stopwatch.GetTimestamp();
            int suggested = system.Suggest(q);
            long elapsed = Stopwatch.GetTimestamp() - start;
            latencies[system].Add(elapsed, ThreadCpuClock.Nanoseconds() - cpu, suggested);
        }
    }
    foreach (var system in systems)
        results.Add(new SystemResult(system.Name, size, indexing[system].Wall, indexing[system].Cpu, latencies[system]));
    if (options.Breakdown) breakdowns.Add((size, Breakdown(product, queries)));
    segments.Add($"index segments at {size:N0} articles: " + string.Join(", ", systems.Select(s => $"{s.Name} {s.Segments}")));
    Console.Error.WriteLine($"{size:N0} articles done");
}

Report.Load(Console.Out, "end");
Report.Table(Console.Out, results, product.Name, reference.Name);
Report.Target(Console.Out, results, product.Name);
Console.Out.WriteLine();
foreach (var line in segments) Console.Out.WriteLine(line);
foreach (var (size, parts) in breakdowns) Report.Breakdown(Console.Out, size, parts);
return 0;

// The product's suggestion cut in parts, each query once per part: where a suggestion's CPU time goes.
static Dictionary<string, Latencies> Breakdown(ProductSuggestions product, IReadOnlyList<string> queries)
{
    var (buildQuery, rank) = product.Parts;
    var parts = new Dictionary<string, Action<string>>
    {
        ["query building (analysis, expansions, term lookups)"] = buildQuery,
        ["ranking: query building + search + stored fields"] = rank,
        ["suggestion: ranking + re-ranking + snippets"] = q => product.Suggest(q),
    };
    var timings = parts.ToDictionary(p => p.Key, _ => new Latencies());
    foreach (var q in queries)
        foreach (var (name, part) in parts)
        {
            long cpu = ThreadCpuClock.Nanoseconds();
            long start = Stopwatch.GetTimestamp();
            part(q);
            timings[name].Add(Stopwatch.GetTimestamp() - start, ThreadCpuClock.Nanoseconds() - cpu, 1);
        }
    return timings;
}

// Small indexes take milliseconds, so they are built five times (alternating systems) and the median kept.
static Dictionary<ISuggestionSystem, (TimeSpan Wall, TimeSpan Cpu)> MeasureIndexing(ISuggestionSystem[] systems, IReadOnlyList<AskLibrary.Knowledge.Articles.KbArticleRecord> articles)
{
    int rounds = articles.Count <= 1_000 ? 5 : 1;
    var times = systems.ToDictionary(s => s, _ => new List<(TimeSpan Wall, TimeSpan Cpu)>());
    for (int round = 0; round < rounds; round++)
    {
        foreach (var system in round % 2 == 0 ? systems : Enumerable.Reverse(systems))
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var process = Process.GetCurrentProcess();
            var cpu = process.TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            system.Index(articles);
            var wall = clock.Elapsed;
            process.Refresh();
            times[system].Add((wall, process.TotalProcessorTime - cpu));
        }
    }
    return times.ToDictionary(t => t.Key, t => t.Value.OrderBy(v => v.Wall).ElementAt(t.Value.Count / 2));
}

// The evaluation corpus shares some ids with kb/ (both have a "renewal"); a prefix keeps every id unique.
static IEnumerable<KbArticle> ReadArticles(string directory, string idPrefix) =>
    Directory.EnumerateFiles(directory, "*.md").Order(StringComparer.Ordinal)
        .Select(KbArticleFile.Read)
        .Select(a => a with { Id = idPrefix + a.Id });

static string? RepositoryRoot(string start)
{
    for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        if (File.Exists(Path.Combine(dir.FullName, "AskLibrary.sln"))) return dir.FullName;
    return null;
}

internal sealed record BenchOptions(int[] Sizes, int Queries, double Seconds, string Kb, string Corpus, string DevQueries, bool Breakdown = false)
{
    public static BenchOptions? Parse(string[] args, string root)
    {
        var options = new BenchOptions([100, 10_000, 100_000], 1000, 45,
            Path.Combine(root, "kb", "articles"),
            Path.GetFullPath(Path.Combine(root, "..", "shared", "eval", "kb-zh", "corpus")),
            Path.GetFullPath(Path.Combine(root, "..", "shared", "eval", "kb-zh", "dev-queries.jsonl")));
        for (int i = 0; i < args.Length; i++)
        {
            string? Next() => i + 1 < args.Length ? args[++i] : null;
            options = args[i] switch
            {
                "--sizes" when Next() is { } v => options with { Sizes = v.Split(',').Select(s => int.Parse(s.Replace("_", ""), System.Globalization.CultureInfo.InvariantCulture)).ToArray() },
                "--queries" when Next() is { } v => options with { Queries = int.Parse(v, System.Globalization.CultureInfo.InvariantCulture) },
                "--seconds" when Next() is { } v => options with { Seconds = double.Parse(v, System.Globalization.CultureInfo.InvariantCulture) },
                "--kb" when Next() is { } v => options with { Kb = Path.GetFullPath(v) },
                "--corpus" when Next() is { } v => options with { Corpus = Path.GetFullPath(v) },
                "--dev-queries" when Next() is { } v => options with { DevQueries = Path.GetFullPath(v) },
                "--breakdown" => options with { Breakdown = true },
                _ => null,
            };
            if (options is null) return null;
        }
        return options;
    }
}
