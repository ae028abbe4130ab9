// Soak: steady chat load against the built server running as its own process, for a long time, sampling
// the process's memory, threads and open handles. Not part of CI (it runs for 30 minutes by default).
//
//   dotnet build AskLibrary.sln -c Release
//   dotnet run --project bench/ChatSoak -c Release -- [--minutes 30] [--patrons 20] [--librarians 4] [--think-ms 2000]
//
// Each patron loops: a new chat, a handful of messages each answered by the librarian who accepted it, end,
// rate; every third chat comes from a brand-new visitor on a new connection (churn). The verdict compares the
// second and the last quarter of the run: flat means memory within 15 %, threads and handles within 10.
using System.Diagnostics;
using System.Net.Http.Json;
using AskLibrary.Chat.Contracts;
using AskLibrary.Staff;
using AskLibrary.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;

var minutes = Option("--minutes", 30.0);
var patronCount = (int)Option("--patrons", 20);
var librarianCount = (int)Option("--librarians", 4);
var think = TimeSpan.FromMilliseconds(Option("--think-ms", 2000));
var sampleEvery = TimeSpan.FromSeconds(Math.Clamp(minutes * 60 / 60, 2, 30));

await using var server = new ServerProcess();
await server.StartAsync();
Console.WriteLine($"server pid {server.ProcessId} at {server.BaseAddress}; {patronCount} patrons, {librarianCount} librarians, think {think.TotalMilliseconds} ms, {minutes} min");

var (admin, _, token) = await LibrarianClient.SignInAsync(server.BaseAddress, "admin", server.AdminPassword);
var librarians = new List<LibrarianClient>();
for (var i = 0; i < librarianCount; i++)
{
    var account = new AdminApi.NewStaffAccount($"soak{i}", $"Soak {i}", StaffRoles.Librarian, $"soak{i}-password", [], Math.Max(1, patronCount / librarianCount + 2));
    var created = await admin.SendAsync(Json.Post("api/admin/staff", account, token));
    created.EnsureSuccessStatusCode();
    librarians.Add(await LibrarianClient.ConnectAsync(server.BaseAddress, $"soak{i}"));
}

using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(minutes));
long sent = 0, chats = 0, errors = 0;
var samples = new List<Sample>();
var started = Stopwatch.StartNew();

var sampler = Task.Run(async () =>
{
    using var timer = new PeriodicTimer(sampleEvery);
    do
    {
        var sample = Sample.Of(server.ProcessId, started.Elapsed, Interlocked.Read(ref sent), Interlocked.Read(ref chats));
        samples.Add(sample);
        Console.WriteLine(sample);
    }
    while (await timer.WaitForNextTickAsync(CancellationToken.None) && !stop.IsCancellationRequested);
});

var next = 0;
async Task PatronLoopAsync(int n)
{
    PatronClient? patron = null;
    for (var round = 0; !stop.IsCancellationRequested; round++)
    {
        try
        {
            if (patron is null || round % 3 == 0)
            {
                if (patron is not null)
                    await patron.DisposeAsync();
                patron = await PatronClient.ConnectAsync(server.BaseAddress);
            }
            var chat = await patron.StartChatAsync($"Soak question {n}/{round}: where can I renew my books?");
            LibrarianClient? owner = null;
            for (var attempt = 0; owner is null && attempt < librarians.Count * 20; attempt++)
            {
                var candidate = librarians[Interlocked.Increment(ref next) % librarians.Count];
                try { await candidate.AcceptAsync(chat.ConversationId); owner = candidate; }
                catch (Microsoft.AspNetCore.SignalR.HubException) { await Task.Delay(50); }
            }
            if (owner is null)
                throw new InvalidOperationException("No librarian could accept the chat.");
            for (var i = 0; i < 5 && !stop.IsCancellationRequested; i++)
            {
                await patron.SendAsync(chat.ConversationId, $"message {i} from patron {n}");
                await owner.SendAsync(chat.ConversationId, $"answer {i} to patron {n}");
                Interlocked.Add(ref sent, 2);
                await Task.Delay(think);
            }
            await patron.Hub.InvokeAsync<ChatState>("EndChat", chat.ConversationId);
            await patron.Hub.InvokeAsync("RateChat", chat.ConversationId, 5, "soak");
            Interlocked.Increment(ref chats);
        }
        catch (Exception ex) when (!stop.IsCancellationRequested)
        {
            Interlocked.Increment(ref errors);
            Console.Error.WriteLine($"patron {n}: {ex.GetType().Name}: {ex.Message}");
            if (patron is not null)
                await patron.DisposeAsync();
            patron = null;
            await Task.Delay(1000);
        }
        catch (Exception) { /* stopping */ }
    }
    if (patron is not null)
        await patron.DisposeAsync();
}

await Task.WhenAll(Enumerable.Range(0, patronCount).Select(n => Task.Run(() => PatronLoopAsync(n))));
await sampler;
foreach (var librarian in librarians)
    await librarian.DisposeAsync();

Console.WriteLine();
Console.WriteLine("| minute | memory (RSS MB) | threads | handles | messages | chats |");
Console.WriteLine("|---:|---:|---:|---:|---:|---:|");
foreach (var s in samples)
    Console.WriteLine($"| {s.At.TotalMinutes:F1} | {s.RssMb:F0} | {s.Threads} | {s.Handles} | {s.Messages} | {s.Chats} |");
var quarter = Math.Max(1, samples.Count / 4);
var early = samples.Skip(quarter).Take(quarter).ToList();
var late = samples.TakeLast(quarter).ToList();
double Median(IEnumerable<double> xs) { var a = xs.Order().ToArray(); return a[a.Length / 2]; }
var rss = (Median(early.Select(s => s.RssMb)), Median(late.Select(s => s.RssMb)));
var threads = (Median(early.Select(s => (double)s.Threads)), Median(late.Select(s => (double)s.Threads)));
var handles = (Median(early.Select(s => (double)s.Handles)), Median(late.Select(s => (double)s.Handles)));
var flat = rss.Item2 <= rss.Item1 * 1.15 && threads.Item2 - threads.Item1 <= 10 && handles.Item2 - handles.Item1 <= 10;
Console.WriteLine();
Console.WriteLine($"{Interlocked.Read(ref sent)} messages in {Interlocked.Read(ref chats)} chats over {started.Elapsed.TotalMinutes:F1} min ({Interlocked.Read(ref sent) / started.Elapsed.TotalSeconds:F1} msg/s), {errors} client errors");
Console.WriteLine($"second quarter → last quarter (medians): memory {rss.Item1:F0} → {rss.Item2:F0} MB, threads {threads.Item1} → {threads.Item2}, handles {handles.Item1} → {handles.Item2}");
Console.WriteLine(flat ? "verdict: flat" : "verdict: GROWING");
return flat && errors == 0 ? 0 : 1;

double Option(string name, double fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? double.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture) : fallback;
}

/// <summary>One reading of the server process from /proc (Linux).</summary>
internal sealed record Sample(TimeSpan At, double RssMb, int Threads, int Handles, long Messages, long Chats)
{
    public static Sample Of(int pid, TimeSpan at, long messages, long chats)
    {
        var status = File.ReadAllLines($"/proc/{pid}/status");
        long Field(string name) => long.Parse(status.First(l => l.StartsWith(name + ":", StringComparison.Ordinal)).Split(':')[1].Trim().Split(' ')[0]);
        return new Sample(at, Field("VmRSS") / 1024.0, (int)Field("Threads"), Directory.GetFileSystemEntries($"/proc/{pid}/fd").Length, messages, chats);
    }

    public override string ToString() => $"{At.TotalMinutes,5:F1} min  rss {RssMb,6:F0} MB  threads {Threads,3}  handles {Handles,4}  messages {Messages,7}  chats {Chats,5}";
}
