// Chat load against AskLibrary (the built server, its own process, per-address limits raised because all load comes
// from 127.0.0.1) and against bench/EchoServer, the bare SignalR reference. See docs/performance.md.
//
//   dotnet build AskLibrary.sln -c Release
//   dotnet run --project bench/ChatLoad -c Release --no-build -- peak --target both
//   dotnet run --project bench/ChatLoad -c Release --no-build -- latency-at --target both [--total-rate 800] [--rounds 3] [--gc]
//   bash -c 'ulimit -n 65536; dotnet run --project bench/ChatLoad -c Release --no-build -- idle --target both --connections 10000'
//
// Options: --rate (patron messages/s, default 2), --chat-length (default 10), --think-ms (librarian, default 0),
// --step-seconds (20), --warmup-seconds (peak 3, latency-at 30), --start-patrons (50), --max-patrons (6400),
// --fine-steps (peak: steps per doubling of its second, finer ramp, 4; 1 for none), --seconds (latency-at, 30), --rounds
// (latency-at, 3), --gc (latency-at: the server's garbage collections in each window), --connections and --hold-seconds
// (idle, 60), --persisting-echo (latency-at and peak: also the echo that stores each message in SQLite first),
// --variant NAME=VALUE[,NAME=VALUE…] (latency-at and peak: a second AskLibrary server with these environment
// variables, e.g. a runtime setting, measured alternately with the first), --variant-build DIR (the same, with the
// server built in DIR, e.g. a copy of server/bin/Release/net10.0 made before a change; with --variant too, that build
// with those variables).
using System.Globalization;
using AskLibrary.Bench.ChatLoad;

// Its array pool's setting is ChatLoad's own, not the servers' (ClientArrayPool.cs).
var clientPool = ClientArrayPool.KeepFromServers();
var mode = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? "peak";
var targets = Text("--target", "both") switch
{
    "both" => new[] { "echo", "asklibrary" },
    var one and ("echo" or "asklibrary") => [one],
    var other => throw new ArgumentException($"--target {other}: use asklibrary, echo or both"),
};
Workload workload;
try
{
    workload = new Workload(Number("--rate", 2), (int)Number("--chat-length", 10), TimeSpan.FromMilliseconds(Number("--think-ms", 0))).Checked();
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}
var stepTime = TimeSpan.FromSeconds(Number("--step-seconds", 20));
// latency-at measures a server in service: each run starts a fresh server process, whose JIT is still compiling its hot
// code into optimized code in its first half minute under load (the tiered-compilation thread took a fifth of a core
// 20-35 s after start, docs/performance.md). A ramp's steps follow one another on one server, so they warm each other.
var warmup = TimeSpan.FromSeconds(Number("--warmup-seconds", mode == "latency-at" ? 30 : 3));
// latency-at --gc: the server's garbage collections in each measured window, read from its runtime's events (GcWatch).
var watchGc = args.Contains("--gc");
var timeline = args.Contains("--timeline");
// --variant: the same server with other environment variables (a runtime or AskLibrary setting) as a target of its own,
// alternated with the others in each round, so that a change can be weighed against the server as it is in one run.
var variant = Text("--variant", "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
    .Select(assignment => assignment.Split('=', 2))
    .ToDictionary(pair => pair[0], pair => pair.Length == 2 ? pair[1] : throw new ArgumentException($"--variant {pair[0]}: use NAME=VALUE"));
// --variant-build: another build of the server (a copy of its output directory) as that second target, so that a code
// change is weighed against the build before it in one run, on the same machine in the same minutes.
var variantBuild = Text("--variant-build", "") is { Length: > 0 } dir ? Path.GetFullPath(dir) : null;
if (variantBuild is not null && !File.Exists(Path.Combine(variantBuild, "AskLibrary.Server.dll")))
    throw new ArgumentException($"--variant-build {variantBuild}: no AskLibrary.Server.dll there");
if (variant.Count > 0 || variantBuild is not null)
    targets = [.. targets, "variant"];
// --persisting-echo: a second reference, the echo that stores each message in SQLite before it sends it (a group-committing
// writer, as AskLibrary's): how much of the gap to echo any server that persists first would have on this machine.
if (args.Contains("--persisting-echo"))
    targets = [.. targets.Take(1), "persisting-echo", .. targets.Skip(1)];

Console.WriteLine($"ChatLoad {mode} on {Environment.ProcessorCount} cores, {TimeProvider.System.GetUtcNow():yyyy-MM-dd HH:mm} UTC, load average {ProcessStats.LoadAverage()}");
Console.WriteLine($"load generator's array pool: {clientPool}");
Console.WriteLine($"workload: {workload.RatePerPatron} msg/s per patron, each answered; {workload.ChatLength} patron messages per chat; librarian think {workload.LibrarianThink.TotalMilliseconds} ms; " +
    $"{workload.ChatsPerTab} chats per librarian tab, {workload.TabsPerLibrarian} tabs per librarian");

switch (mode)
{
    case "peak":
        {
            var peaks = new Dictionary<string, List<Step>>();
            foreach (var name in targets)
                peaks[name] = [await PeakAsync(name)];
            Summary(peaks, "peak throughput (acked msg/s)", s => s.Throughput, "higher is better; target ≥ 0.5");
            break;
        }
    case "latency-at":
        {
            var rate = Number("--total-rate", 0);
            if (rate <= 0)
            {
                rate = (await PeakAsync("echo")).Throughput / 2;
                Console.WriteLine($"offered rate: half of echo's peak = {rate:F0} msg/s");
            }
            // Alternated rounds, each on a fresh server: one run's figures move by 2x between quiet and busy minutes on
            // a shared machine, so the ratio compares medians of runs taken side by side.
            var rounds = (int)Number("--rounds", 3);
            var steps = targets.ToDictionary(name => name, _ => new List<Step>());
            for (var round = 1; round <= rounds; round++)
                foreach (var name in targets)
                    steps[name].Add(await AtRateAsync(name, rate, $"round {round} of {rounds}"));
            var what = rounds == 1 ? "" : $", median of {rounds} rounds";
            Summary(steps, $"p99 latency at {rate:F0} msg/s offered (ms){what}", s => s.P99, "lower is better; target ≤ 2");
            Summary(steps, $"p50 latency at {rate:F0} msg/s offered (ms){what}", s => s.P50, "");
            Summary(steps, $"acked msg/s at {rate:F0} msg/s offered{what}", s => s.Throughput, "");
            CpuSummary(steps, what);
            if (watchGc)
            {
                Summary(steps, $"share of the time the server was paused by GC (%){what}", s => s.Gc!.PausedPercent, "");
                Summary(steps, $"garbage collections per second{what}", s => s.Gc!.PerSecond, "");
                Summary(steps, $"KB allocated per acked message{what}", s => s.Gc!.AllocatedKbPerMessage, "");
            }
            break;
        }
    case "idle":
        {
            var results = new Dictionary<string, IdleResult>();
            foreach (var name in targets)
                results[name] = await IdleRun.RunAsync(Create(name), (int)Number("--connections", 10_000), TimeSpan.FromSeconds(Number("--hold-seconds", 60)));
            Console.WriteLine();
            Console.WriteLine(IdleResult.Header);
            foreach (var result in results.Values)
                Console.WriteLine(result);
            break;
        }
    default:
        Console.Error.WriteLine($"unknown mode {mode}: use peak, latency-at or idle");
        return 2;
}
return 0;

// The peak: a coarse ramp doubling the load, then a finer one on a fresh server between the last step that kept up and
// the step after it (--fine-steps per doubling, default 4: ×1.19 each), because the coarse ramp alone can only say that
// a server's limit lies somewhere within a factor of 2. The peak is the highest throughput of either ramp.
async Task<Step> PeakAsync(string name)
{
    var (coarse, unconnected) = await RampAsync(name, (int)Number("--start-patrons", 50), 2, (int)Number("--max-patrons", 6400), warmup);
    var fineSteps = (int)Number("--fine-steps", 4);
    var kept = coarse.FindLastIndex(KeptUp);
    var steps = coarse;
    // Up to the step after the last that kept up: the one measured, or the one whose patrons could not all connect.
    var upTo = kept + 1 < coarse.Count ? coarse[kept + 1].Patrons : unconnected;
    if (fineSteps > 1 && kept >= 0 && upTo is { } next)
    {
        // The fresh server's first step repeats the last one that kept up, with latency-at's warm-up, so that the finer
        // steps start on a server whose hot code is compiled, as the coarse ramp's later steps were.
        var factor = Math.Pow(2, 1.0 / fineSteps);
        (var fine, _) = await RampAsync(name, coarse[kept].Patrons, factor, next - 1, TimeSpan.FromSeconds(30));
        steps = [.. coarse, .. fine];
    }
    var peak = steps.MaxBy(s => s.Throughput)!;
    var limit = steps.Where(KeptUp).MaxBy(s => s.Offered);
    Console.WriteLine($"{name} peak: {peak.Throughput:F0} msg/s with {peak.Patrons} patrons (p99 {peak.P99:F0} ms); " +
        (limit is null ? "no step kept up" : $"highest load kept up with: {limit.Offered:F0} msg/s offered, {limit.Throughput:F0} acked"));
    return peak;
}

// A step kept up when nearly all of the offered load was acknowledged in its window.
static bool KeptUp(Step step) => step.Throughput >= 0.95 * step.Offered;

// The steps measured, and the patrons of the step whose clients could not all connect, if the ramp ended there.
async Task<(List<Step> Steps, int? Unconnected)> RampAsync(string name, int fromPatrons, double factor, int maxPatrons, TimeSpan firstWarmup)
{
    await using var target = Create(name);
    await target.StartAsync();
    await using var simulation = new ChatSimulation(target, workload);
    Console.WriteLine();
    Console.WriteLine($"{name}: ramping offered load (×{factor:0.##} per step from {fromPatrons} patrons, {stepTime.TotalSeconds} s each) until throughput stops rising, p99 explodes or under 3/4 of the offered load is acknowledged");
    Console.WriteLine(Step.Header);
    var steps = new List<Step>();
    for (var patrons = fromPatrons; patrons <= maxPatrons; patrons = Math.Max(patrons + 1, (int)Math.Round(patrons * factor)))
    {
        try
        {
            await simulation.GrowToAsync(patrons);
        }
        catch (Exception ex) when (steps.Count > 0)
        {
            // A saturated server may not finish the handshakes of the next step's clients in time: the ramp ends there,
            // with the steps measured so far, rather than the whole run with nothing reported.
            Console.WriteLine($"  could not connect {patrons} patrons ({ex.GetType().Name}: {ex.Message}); saturated");
            return (steps, patrons);
        }
        var step = await Step.MeasureAsync(target, simulation, steps.Count == 0 ? firstWarmup : warmup, stepTime);
        Console.WriteLine(step);
        PrintDetails(step);
        var best = steps.Count == 0 ? 0 : steps.Max(s => s.Throughput);
        steps.Add(step);
        // A step whose throughput gains under a twentieth of the load it added (relative to the best so far) has found
        // the limit: 5 % with steps of ×2, as the ramp always stopped at, and 1 % with steps of ×1.19.
        if (step.Throughput < best * (1 + (factor - 1) / 20))
        {
            Console.WriteLine("  stopped rising");
            break;
        }
        if (step.P99 > 1000 && step.P99 > 10 * steps[0].P99)
        {
            Console.WriteLine("  p99 exploded");
            break;
        }
        // Raising the load on a target that already leaves a quarter unacknowledged only adds queueing: the next step
        // connects more clients to a saturated server from a saturated load generator, which on 2 cores took echo's
        // run past 15 minutes without finishing a step.
        if (step.Throughput < 0.75 * step.Offered)
        {
            Console.WriteLine("  saturated: under three quarters of the offered load acknowledged");
            break;
        }
    }
    return (steps, null);
}

async Task<Step> AtRateAsync(string name, double rate, string round)
{
    await using var target = Create(name);
    await target.StartAsync();
    await using var simulation = new ChatSimulation(target, workload);
    await simulation.GrowToAsync((int)Math.Ceiling(rate / workload.OfferedPerPatron));
    var step = await Step.MeasureAsync(target, simulation, warmup, TimeSpan.FromSeconds(Number("--seconds", 30)), watchGc, timeline);
    Console.WriteLine();
    Console.WriteLine($"{name}, {round}:");
    Console.WriteLine(Step.Header);
    Console.WriteLine(step);
    Console.WriteLine(ThreadCpu.Describe(step.CpuPerMessage));
    Console.WriteLine(step.Pool);
    Console.WriteLine(step.LoadGeneratorGc);
    if (step.Timeline is { } slices)
        Console.WriteLine(slices);
    if (step.Gc is { } gc)
        Console.WriteLine(gc);
    PrintDetails(step);
    return step;
}

// A step's errors by kind and the other events its clients received, under its row, if it had any.
static void PrintDetails(Step step)
{
    if (step.ErrorKinds is not null)
        Console.WriteLine($"  errors: {step.ErrorKinds}");
    if (step.DescribeOtherEvents() is { } events)
        Console.WriteLine($"  other events: {events}");
}

void Summary(Dictionary<string, List<Step>> steps, string what, Func<Step, double> figure, string note)
{
    var ask = steps.TryGetValue("asklibrary", out var a) ? Median(a.Select(figure)) : double.NaN;
    var echo = steps.TryGetValue("echo", out var e) ? Median(e.Select(figure)) : double.NaN;
    if (!double.IsNaN(ask) || steps.Count == 1)
        Table(what, note, ("AskLibrary", ask, "F1"), ("echo", echo, "F1"), ("AskLibrary ÷ echo", ask / echo, "F2"));
    if (steps.TryGetValue("persisting-echo", out var p))
    {
        var persisting = Median(p.Select(figure));
        if (double.IsNaN(ask)) // --target echo --persisting-echo: the two echoes only
            Table(what, "", ("echo storing each message first", persisting, "F1"), ("echo", echo, "F1"), ("persisting ÷ echo", persisting / echo, "F2"));
        else
            Table(what, "", ("echo storing each message first", persisting, "F1"), ("echo", echo, "F1"), ("AskLibrary", ask, "F1"),
                ("persisting ÷ echo", persisting / echo, "F2"), ("AskLibrary ÷ persisting", ask / persisting, "F2"));
    }
    if (steps.TryGetValue("variant", out var v))
    {
        var with = Median(v.Select(figure));
        var settings = string.Join(", ", variant.Select(kv => $"{kv.Key}={kv.Value}").Prepend(variantBuild is null ? null : $"the build in {variantBuild}").OfType<string>());
        Table(what, "", ($"AskLibrary with {settings}", with, "F1"), ("AskLibrary", ask, "F1"), ("with ÷ without", with / ask, "F2"));
    }
}

// A one-row Markdown table: the figure's name and a note, then each column's value in its format.
static void Table(string what, string note, params (string Header, double Value, string Format)[] columns)
{
    Console.WriteLine();
    Console.WriteLine($"| {what} | {string.Join(" | ", columns.Select(c => c.Header))} |");
    Console.WriteLine($"|---|{string.Concat(columns.Select(_ => "---:|"))}");
    Console.WriteLine($"| {note} | {string.Join(" | ", columns.Select(c => c.Value.ToString(c.Format, CultureInfo.InvariantCulture)))} |");
}

// Where each server's CPU per message goes, by kind of thread: the medians of the rounds, in µs per acked message.
static void CpuSummary(Dictionary<string, List<Step>> steps, string what)
{
    Console.WriteLine();
    Console.WriteLine($"| server CPU per acked message by thread (µs){what} | {string.Join(" | ", ThreadCpu.Groups)} | all threads |");
    Console.WriteLine($"|---|{string.Concat(ThreadCpu.Groups.Select(_ => "---:|"))}---:|");
    foreach (var (name, list) in steps)
    {
        var cells = ThreadCpu.Groups.Select(g => Median(list.Select(s => s.CpuPerMessage[g]))).ToList();
        var all = Median(list.Select(s => s.CpuPerMessage.Values.Sum()));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {string.Join(" | ", cells.Select(c => c.ToString("F0", CultureInfo.InvariantCulture)))} | {all:F0} |"));
    }
}

static double Median(IEnumerable<double> values)
{
    var sorted = values.Order().ToArray();
    return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
}

LoadTarget Create(string name) => name switch
{
    "echo" => new EchoTarget(),
    "persisting-echo" => new EchoTarget(persisting: true),
    "variant" => new AskLibraryTarget(variant, variantBuild, name: "variant"),
    _ => new AskLibraryTarget(),
};

string Text(string name, string fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}

double Number(string name, double fallback) => double.Parse(Text(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
