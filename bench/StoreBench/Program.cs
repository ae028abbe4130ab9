// The embedded store's message append, alone: CPU per append and appends per second for W writers over C open
// chats, against a reference measured in the same run — the same rows written by one bare INSERT into a table in
// arrival order through the same group-commit writer (no numbering, no idempotency, no transcript indexes), prepared
// once like the store's own statements (SqliteDatabase.Prepared): the least any durable append costs here. Each
// scenario runs on a fresh database file.
//
//   dotnet run --project bench/StoreBench -c Release -- [--chats 350] [--writers 350,8,1] [--messages 40000]
using System.Diagnostics;
using AskLibrary.Chat;
using AskLibrary.Chat.Contracts;
using AskLibrary.Storage.Sqlite;
using Microsoft.Data.Sqlite;

var chats = IntOption("--chats", 350);
var messages = IntOption("--messages", 40_000);
var writers = Option("--writers", "350,8,1").Split(',').Select(int.Parse).ToList();

Console.WriteLine($"StoreBench on {Environment.ProcessorCount} cores, {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC, " +
    $"load average {File.ReadAllText("/proc/loadavg")[..14].Trim()}");
Console.WriteLine($"{chats} open chats, {messages} appends per run after 5,000 to warm up; CPU = process user + system time ÷ appends");
Console.WriteLine();
Console.WriteLine("| writers | store µs CPU/append | reference µs CPU/append | store ÷ reference | store appends/s | reference appends/s | store writes per commit |");
Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|");
foreach (var w in writers)
{
    var store = await RunAsync(w, reference: false);
    var reference = await RunAsync(w, reference: true);
    Console.WriteLine($"| {w} | {store.CpuMicros:F0} | {reference.CpuMicros:F0} | {store.CpuMicros / reference.CpuMicros:F2} | " +
        $"{store.PerSecond:F0} | {reference.PerSecond:F0} | {store.Batch:F1} |");
}

async Task<(double CpuMicros, double PerSecond, double Batch)> RunAsync(int writerCount, bool reference)
{
    var folder = Path.Combine(Path.GetTempPath(), "asklib-storebench-" + Guid.NewGuid().ToString("N"));
    var db = new SqliteDatabase(Path.Combine(folder, "bench.db"), "NORMAL");
    try
    {
        await SqliteSchema.MigrateAsync(db, CancellationToken.None);
        await db.WriteAsync(async (connection, tx) =>
        {
            await using var create = connection.Command(
                "CREATE TABLE bench_reference (conversation_id TEXT NOT NULL, seq INTEGER NOT NULL, kind TEXT NOT NULL, author_id TEXT, author_name TEXT, text TEXT NOT NULL, client_message_id TEXT, event TEXT, at INTEGER NOT NULL)", tx);
            await create.ExecuteNonQueryAsync();
        }, CancellationToken.None);
        var conversations = new SqliteConversationStore(db);
        var now = DateTimeOffset.UtcNow;
        var ids = new List<string>();
        for (var i = 0; i < chats; i++)
        {
            var id = $"c_{Guid.NewGuid():N}";
            ids.Add(id);
            await conversations.CreateAsync(
                new Conversation { Id = id, QueueId = "general", VisitorId = $"v_{i}", Question = "How do I renew a book I borrowed last week?", StartClientMessageId = "start", CreatedAt = now },
                new NewMessage(id, MessageKind.Patron, $"v_{i}", null, "How do I renew a book I borrowed last week?", "start", null, now), CancellationToken.None);
        }

        Task AppendAsync(int n)
        {
            var message = new NewMessage(ids[n % chats], n % 2 == 0 ? MessageKind.Patron : MessageKind.Librarian, "author", "Pat",
                $"Could you tell me whether the library has the second edition of this textbook, please? ({n})", Guid.NewGuid().ToString("N"), null, now);
            return reference
                ? db.WriteAsync((connection, _) =>
                {
                    using var insert = db.Prepared(connection,
                        "INSERT INTO bench_reference VALUES ($id, $seq, $kind, $author, $name, $text, $client, $event, $at)");
                    insert.Bind("$id", message.ConversationId).Bind("$seq", n).Bind("$kind", message.Kind.ToString()).Bind("$author", message.AuthorId)
                        .Bind("$name", message.AuthorName).Bind("$text", message.Text).Bind("$client", message.ClientMessageId)
                        .Bind("$event", message.Event).Bind("$at", message.At.ToUnixTimeMilliseconds()).Step();
                    return Task.CompletedTask;
                }, CancellationToken.None)
                : conversations.AppendAsync(message, CancellationToken.None);
        }

        async Task RunWritersAsync(int total)
        {
            var next = -1;
            await Task.WhenAll(Enumerable.Range(0, writerCount).Select(async _ =>
            {
                int n;
                while ((n = Interlocked.Increment(ref next)) < total)
                    await AppendAsync(n);
            }));
        }

        await RunWritersAsync(5_000);
        var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var commitsBefore = db.Commits;
        var clock = Stopwatch.StartNew();
        await RunWritersAsync(messages);
        var elapsed = clock.Elapsed;
        process.Refresh();
        var cpu = process.TotalProcessorTime - cpuBefore;
        return (cpu.TotalMicroseconds / messages, messages / elapsed.TotalSeconds, messages / (double)Math.Max(1, db.Commits - commitsBefore));
    }
    finally
    {
        await db.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }
}

string Option(string name, string fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}

int IntOption(string name, int fallback) => int.Parse(Option(name, fallback.ToString()));
