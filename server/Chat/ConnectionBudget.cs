using System.Globalization;

namespace AskLibrary.Chat;

/// <summary>
/// How many connections Kestrel holds at most, so that the process never runs out of file descriptors. Each
/// connection is one; at the open-file limit the server can no longer open its database, index or log files, and the
/// .NET runtime itself stops the process ("Out of memory."; measured 2026-12-04, docs/performance.md). Over the budget
/// Kestrel answers a WebSocket request without the upgrade (status 200, not 101) and closes another new connection at
/// once; the client's connect fails and it retries (the widget and the console reconnect by themselves).
/// </summary>
/// <param name="Chat">Upgraded connections: the hubs' WebSockets, one per open widget or console tab.</param>
/// <param name="Plain">Other connections: pages, API calls, and negotiate requests that a client keeps open for a while.</param>
public sealed record ConnectionBudget(long Chat, long Plain)
{
    /// <summary>
    /// Descriptors kept free beyond those open at start (about 300: the assemblies, the database, the index): more
    /// database and index files as the service runs, logs, Redis, the runtime. A quarter of what is left under a
    /// small limit.
    /// </summary>
    public const long Headroom = 500;

    /// <summary>
    /// <paramref name="maxConnections"/> when configured (AskLibrary:Limits:MaxConnections), else the open-file limit
    /// less the descriptors open now and <see cref="Headroom"/>; three quarters of it for WebSockets. Null when the
    /// open-file limit is unlimited and nothing is configured.
    /// </summary>
    public static ConnectionBudget? For(int? maxConnections, long openFileLimit, long openNow)
    {
        long total;
        if (maxConnections is { } configured)
            total = configured;
        else if (openFileLimit == long.MaxValue)
            return null;
        else
        {
            var left = Math.Max(0, openFileLimit - openNow);
            total = Math.Max(8, left - Math.Min(Headroom, left / 4));
        }
        var chat = Math.Max(1, total * 3 / 4);
        return new ConnectionBudget(chat, Math.Max(1, total - chat));
    }

    /// <summary>
    /// This process's soft limit on open files (Linux: /proc/self/limits; the runtime has raised it to the hard limit
    /// by then); unlimited elsewhere.
    /// </summary>
    public static long OpenFileLimit()
    {
        const string Path = "/proc/self/limits";
        if (!File.Exists(Path))
            return long.MaxValue;
        var line = File.ReadLines(Path).FirstOrDefault(l => l.StartsWith("Max open files", StringComparison.Ordinal));
        var soft = line?["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        return soft is null || soft == "unlimited" || !long.TryParse(soft, NumberStyles.None, CultureInfo.InvariantCulture, out var limit)
            ? long.MaxValue
            : limit;
    }

    /// <summary>File descriptors this process has open (Linux: /proc/self/fd); 0 elsewhere.</summary>
    public static long OpenNow() =>
        Directory.Exists("/proc/self/fd") ? Directory.EnumerateFileSystemEntries("/proc/self/fd").LongCount() : 0;
}
