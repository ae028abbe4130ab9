using System.Collections.Concurrent;

namespace AskLibrary.Staff;

/// <summary>
/// Slows password guessing: after 5 failures for one user name, or 20 from one address, within
/// 15 minutes, sign-in is refused until the window passes. Keyed by name and address so one
/// person mistyping on a shared library PC does not lock out a colleague.
/// </summary>
public sealed class LoginThrottle(TimeProvider time)
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(15);
    private const int PerUser = 5;
    private const int PerAddress = 20;
    private readonly ConcurrentDictionary<string, ConcurrentQueue<DateTimeOffset>> _failures = new(StringComparer.OrdinalIgnoreCase);

    public bool MayTry(string userName, string address) =>
        Recent("u:" + userName) < PerUser && Recent("a:" + address) < PerAddress;

    public void Failed(string userName, string address)
    {
        var now = time.GetUtcNow();
        _failures.GetOrAdd("u:" + userName, _ => new()).Enqueue(now);
        _failures.GetOrAdd("a:" + address, _ => new()).Enqueue(now);
    }

    public void Succeeded(string userName, string address) => _failures.TryRemove("u:" + userName, out _);

    private int Recent(string key)
    {
        if (!_failures.TryGetValue(key, out var failures))
            return 0;
        var cutoff = time.GetUtcNow() - Window;
        while (failures.TryPeek(out var oldest) && oldest < cutoff)
            failures.TryDequeue(out _);
        return failures.Count;
    }
}
