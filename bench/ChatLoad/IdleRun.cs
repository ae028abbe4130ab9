using System.Globalization;
using Microsoft.AspNetCore.SignalR.Client;

namespace AskLibrary.Bench.ChatLoad;

internal sealed record IdleResult(string Target, int Asked, int Opened, int HeldAtEnd, int FewestHeld, int Closed, double SecondsToOpen,
    double RssBeforeMb, double RssAfterMb, double ServerCpuWhileIdle, string LoadAverage)
{
    public double KbPerConnection => Opened == 0 ? double.NaN : (RssAfterMb - RssBeforeMb) * 1024 / Opened;

    public const string Header =
        "| target | asked | opened | held at end | fewest held | closed by server | seconds to open | RSS before MB | RSS after MB | KB per connection | server CPU % idle | load avg |\n" +
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|";

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"| {Target} | {Asked} | {Opened} | {HeldAtEnd} | {FewestHeld} | {Closed} | {SecondsToOpen:F0} | {RssBeforeMb:F0} | {RssAfterMb:F0} | {KbPerConnection:F1} | {ServerCpuWhileIdle:F0} | {LoadAverage} |");
}

/// <summary>Opens N patron connections that stay idle, holds them, and measures the server's memory per connection.</summary>
internal static class IdleRun
{
    public static async Task<IdleResult> RunAsync(LoadTarget target, int count, TimeSpan hold)
    {
        await using var _ = target;
        var limit = AskLibrary.Chat.ConnectionBudget.OpenFileLimit(); // this process's, which the server inherits
        if (limit < count + 1000)
            Console.WriteLine($"warning: open-file limit {limit} is below {count} connections + 1000; run under `bash -c 'ulimit -n 65536; …'`");
        await target.StartAsync();
        using var http = target.CreateHttpClient();
        // Warm the server's paths (first connection JIT, pools) so that "before" is a server that has served a patron.
        await (await target.ConnectPatronAsync(http)).DisposeAsync();
        await Task.Delay(3000);
        var before = ProcessStats.Of(target.ProcessId);

        var connections = new List<HubConnection>(count);
        var closed = 0;
        var failed = 0;
        string? lastError = null;
        var opening = TimeProvider.System.GetTimestamp();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (i, _) =>
        {
            try
            {
                var connection = await target.ConnectPatronAsync(http);
                connection.Closed += _ => { Interlocked.Increment(ref closed); return Task.CompletedTask; };
                lock (connections)
                {
                    connections.Add(connection);
                    if (connections.Count % 1000 == 0)
                        Console.WriteLine($"  {target.Name}: {connections.Count} open, server RSS {ProcessStats.Of(target.ProcessId).RssMb:F0} MB");
                }
            }
            catch (Exception ex)
            {
                Interlocked.Increment(ref failed);
                lastError = $"{ex.GetType().Name}: {ex.Message}";
            }
        });
        var secondsToOpen = TimeProvider.System.GetElapsedTime(opening).TotalSeconds;
        if (failed > 0)
            Console.WriteLine($"  {target.Name}: {failed} connections failed; last: {lastError}");

        // Settle, then hold: count who is still connected every 5 s for the whole hold.
        await Task.Delay(5000);
        var after = ProcessStats.Of(target.ProcessId);
        var fewest = int.MaxValue;
        var end = TimeProvider.System.GetTimestamp() + (long)(hold.TotalSeconds * TimeProvider.System.TimestampFrequency);
        while (TimeProvider.System.GetTimestamp() < end)
        {
            fewest = Math.Min(fewest, connections.Count(c => c.State == HubConnectionState.Connected));
            await Task.Delay(5000);
        }
        var held = connections.Count(c => c.State == HubConnectionState.Connected);
        fewest = Math.Min(fewest, held);
        var last = ProcessStats.Of(target.ProcessId);
        var result = new IdleResult(target.Name, count, connections.Count, held, fewest, closed, secondsToOpen,
            before.RssMb, Math.Max(after.RssMb, last.RssMb), ProcessStats.CpuPercent(after, last), ProcessStats.LoadAverage());
        Console.WriteLine(IdleResult.Header);
        Console.WriteLine(result);
        await Parallel.ForEachAsync(connections, new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (c, _) => await c.DisposeAsync());
        return result;
    }
}
