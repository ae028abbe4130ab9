using AskLibrary.Chat.Contracts;

namespace AskLibrary.Chat.Routing;

/// <summary>
/// Queues, presence and assignment, in memory and free of I/O so its rules are unit-testable.
/// Not thread-safe: ChatService calls it under its gate. The store is the record of truth; the
/// router is rebuilt from it at start (ChatService.InitializeAsync).
/// </summary>
public sealed class Router
{
    private readonly Dictionary<string, RoutedQueue> _queues;
    private readonly Dictionary<string, Librarian> _librarians = new(StringComparer.Ordinal);
    private readonly List<WaitingEntry> _waiting = [];
    private readonly TimeProvider _time;
    private long _order;

    public Router(IEnumerable<QueueOptions> queues, TimeProvider time)
    {
        _time = time;
        _queues = queues.ToDictionary(q => q.Id, q => new RoutedQueue(q, new OpeningHours(q.TimeZone, q.Hours, q.ClosedDates)));
    }

    public IEnumerable<RoutedQueue> Queues => _queues.Values;
    public IEnumerable<Librarian> Librarians => _librarians.Values;

    public RoutedQueue? FindQueue(string queueId) => _queues.GetValueOrDefault(queueId);
    public Librarian? FindLibrarian(string staffId) => _librarians.GetValueOrDefault(staffId);

    public Librarian Upsert(string staffId, string displayName, IReadOnlyCollection<string> queues, int capacity)
    {
        if (!_librarians.TryGetValue(staffId, out var librarian))
        {
            librarian = new Librarian(staffId) { IdleSince = _time.GetUtcNow() };
            _librarians[staffId] = librarian;
        }
        librarian.DisplayName = displayName;
        librarian.Queues = queues.Count == 0 ? _queues.Keys.ToHashSet() : queues.Where(_queues.ContainsKey).ToHashSet();
        librarian.Capacity = capacity;
        return librarian;
    }

    /// <returns>True when the librarian's presence changed.</returns>
    public bool Connect(string staffId, string connectionId)
    {
        var librarian = Require(staffId);
        var before = librarian.Presence;
        librarian.Connections.Add(connectionId);
        librarian.DisconnectedAt = null;
        return before != librarian.Presence;
    }

    /// <returns>True when the librarian's presence changed (their last connection closed).</returns>
    public bool Disconnect(string staffId, string connectionId)
    {
        if (!_librarians.TryGetValue(staffId, out var librarian) || !librarian.Connections.Remove(connectionId))
            return false;
        if (librarian.Connections.Count > 0)
            return false;
        librarian.DisconnectedAt = _time.GetUtcNow();
        return true;
    }

    public bool SetPresence(string staffId, Presence presence)
    {
        if (presence == Presence.Offline)
            throw new ChatException(ErrorCodes.InvalidArgument, "Presence must be available or away; offline follows from disconnecting.");
        var librarian = Require(staffId);
        var before = librarian.Presence;
        librarian.Chosen = presence;
        return before != librarian.Presence;
    }

    public bool IsOpen(string queueId) => _queues.TryGetValue(queueId, out var q) && q.Hours.IsOpen(_time.GetUtcNow());

    public bool HasAvailableLibrarian(string queueId) =>
        _librarians.Values.Any(l => l.Presence == Presence.Available && l.Queues.Contains(queueId));

    public int AvailableLibrarians(string queueId) =>
        _librarians.Values.Count(l => l.Presence == Presence.Available && l.Queues.Contains(queueId));

    /// <summary>The queue a new chat should wait in: the asked queue, else its fallback, else none.</summary>
    public string? ChooseQueue(string queueId)
    {
        if (!_queues.TryGetValue(queueId, out var queue))
            return null;
        if (IsStaffed(queueId))
            return queueId;
        return queue.Options.Fallback is { } fallback && IsStaffed(fallback) ? fallback : null;
    }

    public QueueAvailability Availability(string queueId)
    {
        if (!IsOpen(queueId))
            return QueueAvailability.Closed;
        return ChooseQueue(queueId) is null ? QueueAvailability.NobodyAvailable : QueueAvailability.Open;
    }

    public void Enqueue(string conversationId, string queueId, bool front)
    {
        Dequeue(conversationId);
        _waiting.Add(new WaitingEntry(conversationId, queueId, front, ++_order));
    }

    public bool Dequeue(string conversationId) => _waiting.RemoveAll(e => e.ConversationId == conversationId) > 0;

    /// <summary>Waiting chats of a queue in service order: put-back chats first, then FIFO.</summary>
    public IReadOnlyList<string> Waiting(string queueId) => _waiting
        .Where(e => e.QueueId == queueId)
        .OrderByDescending(e => e.Front)
        .ThenBy(e => e.Order)
        .Select(e => e.ConversationId)
        .ToList();

    public int? Position(string conversationId)
    {
        var entry = _waiting.Find(e => e.ConversationId == conversationId);
        if (entry is null)
            return null;
        var index = Waiting(entry.QueueId).ToList().IndexOf(conversationId);
        return index + 1;
    }

    /// <summary>Checks that a librarian may take a waiting chat now; throws the documented error if not.</summary>
    public void EnsureCanAccept(string staffId, string conversationId, bool anyQueue)
    {
        var librarian = Require(staffId);
        var entry = _waiting.Find(e => e.ConversationId == conversationId)
            ?? throw new ChatException(ErrorCodes.AlreadyClaimed, "This chat is no longer waiting: another librarian took it.");
        if (!anyQueue && !librarian.Queues.Contains(entry.QueueId))
            throw new ChatException(ErrorCodes.Forbidden, "You do not serve this chat's queue.");
        if (!librarian.HasCapacity)
            throw new ChatException(ErrorCodes.CapacityFull, $"You already hold {librarian.Active.Count} chats, your capacity.");
    }

    /// <summary>Gives a chat to a librarian (accept, auto-assignment, transfer, restore at start).</summary>
    public void Assign(string staffId, string conversationId)
    {
        Dequeue(conversationId);
        Require(staffId).Active.Add(conversationId);
    }

    public void Release(string staffId, string conversationId)
    {
        if (_librarians.TryGetValue(staffId, out var librarian) && librarian.Active.Remove(conversationId))
            librarian.IdleSince = _time.GetUtcNow();
    }

    /// <summary>
    /// The next chat an auto queue can hand out: to the available librarian of that queue with free
    /// capacity and the fewest active chats, ties to the one idle longest. Null when nothing fits.
    /// </summary>
    public (string ConversationId, string StaffId)? NextAutoAssignment()
    {
        foreach (var queue in _queues.Values.Where(q => q.Options.Policy == AssignmentPolicy.Auto))
        {
            var next = Waiting(queue.Options.Id).FirstOrDefault();
            if (next is null)
                continue;
            var librarian = _librarians.Values
                .Where(l => l.Presence == Presence.Available && l.HasCapacity && l.Queues.Contains(queue.Options.Id))
                .OrderBy(l => l.Active.Count)
                .ThenBy(l => l.IdleSince)
                .ThenBy(l => l.StaffId, StringComparer.Ordinal)
                .FirstOrDefault();
            if (librarian is not null)
                return (next, librarian.StaffId);
        }
        return null;
    }

    /// <summary>Librarians gone longer than the grace period who still hold chats.</summary>
    public IReadOnlyList<Librarian> GoneLongerThan(TimeSpan grace)
    {
        var now = _time.GetUtcNow();
        return _librarians.Values
            .Where(l => l.Presence == Presence.Offline && l.Active.Count > 0 && l.DisconnectedAt is { } at && now - at >= grace)
            .ToList();
    }

    /// <summary>Restores a chat that was active before a restart; its librarian counts as just disconnected.</summary>
    public void RestoreActive(string staffId, string conversationId)
    {
        var librarian = _librarians.GetValueOrDefault(staffId) ?? Upsert(staffId, staffId, [], 1);
        if (librarian.Connections.Count == 0)
            librarian.DisconnectedAt ??= _time.GetUtcNow();
        librarian.Active.Add(conversationId);
    }

    private bool IsStaffed(string queueId) => IsOpen(queueId) && HasAvailableLibrarian(queueId);

    private Librarian Require(string staffId) => _librarians.GetValueOrDefault(staffId)
        ?? throw new ChatException(ErrorCodes.NotFound, "No such librarian.");

    /// <summary>Everything but the configured queues, for the cluster's shared state (server/Cluster).</summary>
    public RouterSnapshot Export() => new(
        _librarians.Values.Select(l => new LibrarianSnapshot(l.StaffId, l.DisplayName, l.Queues.ToList(), l.Capacity,
            l.Connections.ToList(), l.Chosen, l.Active.ToList(), l.IdleSince, l.DisconnectedAt)).ToList(),
        _waiting.Select(e => new WaitingSnapshot(e.ConversationId, e.QueueId, e.Front, e.Order)).ToList(),
        _order);

    /// <summary>Replaces librarians and waiting lists with a snapshot another node saved.</summary>
    public void Import(RouterSnapshot snapshot)
    {
        _librarians.Clear();
        foreach (var l in snapshot.Librarians)
        {
            var librarian = new Librarian(l.StaffId)
            {
                DisplayName = l.DisplayName,
                Queues = l.Queues.Where(_queues.ContainsKey).ToHashSet(),
                Capacity = l.Capacity,
                Chosen = l.Chosen,
                IdleSince = l.IdleSince,
                DisconnectedAt = l.DisconnectedAt,
            };
            librarian.Connections.UnionWith(l.Connections);
            librarian.Active.UnionWith(l.Active);
            _librarians[l.StaffId] = librarian;
        }
        _waiting.Clear();
        _waiting.AddRange(snapshot.Waiting.Select(w => new WaitingEntry(w.ConversationId, w.QueueId, w.Front, w.Order)));
        _order = snapshot.Order;
    }

    private sealed record WaitingEntry(string ConversationId, string QueueId, bool Front, long Order);
}

public sealed record RouterSnapshot(IReadOnlyList<LibrarianSnapshot> Librarians, IReadOnlyList<WaitingSnapshot> Waiting, long Order);

public sealed record LibrarianSnapshot(string StaffId, string DisplayName, IReadOnlyList<string> Queues, int Capacity,
    IReadOnlyList<string> Connections, Presence Chosen, IReadOnlyList<string> Active, DateTimeOffset IdleSince, DateTimeOffset? DisconnectedAt);

public sealed record WaitingSnapshot(string ConversationId, string QueueId, bool Front, long Order);

/// <summary>A configured queue with its parsed opening hours.</summary>
public sealed record RoutedQueue(QueueOptions Options, OpeningHours Hours);

/// <summary>A librarian as the router sees them: connections, chosen presence, load.</summary>
public sealed class Librarian(string staffId)
{
    public string StaffId { get; } = staffId;
    public string DisplayName { get; set; } = staffId;
    public IReadOnlySet<string> Queues { get; set; } = new HashSet<string>();
    public int Capacity { get; set; } = 1;
    public HashSet<string> Connections { get; } = [];
    public Presence Chosen { get; set; } = Presence.Available;
    public HashSet<string> Active { get; } = [];
    public DateTimeOffset IdleSince { get; set; }
    public DateTimeOffset? DisconnectedAt { get; set; }

    public Presence Presence => Connections.Count == 0 ? Presence.Offline : Chosen;
    public bool HasCapacity => Active.Count < Capacity;

    public LibrarianPresence ToContract() =>
        new(StaffId, DisplayName, Presence, Active.Count, Capacity, Queues.Order(StringComparer.Ordinal).ToList());
}
