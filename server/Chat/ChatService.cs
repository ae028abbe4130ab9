using AskLibrary.Chat.Contracts;
using AskLibrary.Chat.Routing;
using AskLibrary.Patrons;
using AskLibrary.Staff;
using Microsoft.Extensions.Options;

namespace AskLibrary.Chat;

/// <summary>
/// The chat domain: conversation state, sequence numbers, routing and who is told what.
/// Every change runs under one gate, is stored first, and only then told to anyone (through
/// <see cref="IChatNotifier"/>), so an acknowledged message is always on disk and events leave in
/// the order they happened. Open conversations are kept in memory as well as in the store; closed
/// ones are read from the store. Split by caller: ChatService.Patron.cs, ChatService.Staff.cs,
/// ChatService.Maintenance.cs.
/// </summary>
public sealed partial class ChatService(
    IConversationStore conversations,
    Tickets.TicketService tickets,
    ITranscriptRequestStore transcriptRequests,
    IVisitorStore visitors,
    IStaffStore staff,
    ICannedResponseStore canned,
    IChatNotifier notifier,
    Knowledge.Articles.KnowledgeService knowledge,
    IOptions<ChatOptions> chatOptions,
    IOptions<List<QueueOptions>> queueOptions,
    TimeProvider time,
    Cluster.IClusterCoordinator cluster,
    ILogger<ChatService> logger)
{
    private const int WaitSamples = 20;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Router _router = new(queueOptions.Value, time);
    private readonly Dictionary<string, Conversation> _open = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Queue<TimeSpan>> _recentWaits = new(StringComparer.Ordinal);
    private readonly ChatOptions _options = chatOptions.Value;

    /// <summary>
    /// Rebuilds the in-memory view (queues, assignments) from the store after a start or restart; in a
    /// cluster, joins the shared state the other nodes keep (or builds it, for the first node).
    /// </summary>
    public Task InitializeAsync(CancellationToken ct) => UnderGateAsync(async () =>
    {
        if (!cluster.IsClustered)
            await RebuildFromStoreAsync(ct);
        // Clustered: UnderClusterGateAsync has loaded the shared state, or rebuilt it when there was none.
        // Staff accounts may have changed while this node was down.
        foreach (var account in await staff.ListAsync(ct))
            if (StaffRoles.CanChat(account.Role) && _router.FindLibrarian(account.Id) is not null)
                UpsertLibrarian(account);
        Log.Restored(logger, _open.Count);
    });

    private async Task RebuildFromStoreAsync(CancellationToken ct)
    {
        _router.Import(new RouterSnapshot([], [], 0));
        _open.Clear();
        _blocks.Clear();
        _patronConnections.Clear();
        _patronGoneSince.Clear();
        _connections.Clear();
        foreach (var account in await staff.ListAsync(ct))
            if (StaffRoles.CanChat(account.Role))
                UpsertLibrarian(account);
        foreach (var c in await conversations.ListOpenAsync(ct))
        {
            _open[c.Id] = c;
            if (c.State == ConversationState.Waiting)
                _router.Enqueue(c.Id, c.QueueId, c.FrontOfQueue);
            else if (c.AssignedToId is { } staffId)
                _router.RestoreActive(staffId, c.Id);
            MarkPatronGone(c.VisitorId);
        }
        await LoadBlocksAsync(ct);
        _lastAvailability = _router.Queues.ToDictionary(q => q.Options.Id, q => _router.Availability(q.Options.Id));
    }

    /// <summary>Runs one operation alone: on this node, and across the cluster when there are several nodes.</summary>
    private async Task<T> UnderGateAsync<T>(Func<Task<T>> work)
    {
        await _gate.WaitAsync();
        try
        {
            return cluster.IsClustered ? await UnderClusterGateAsync(work) : await work();
        }
        finally
        {
            _gate.Release();
        }
    }

    private Task UnderGateAsync(Func<Task> work) => UnderGateAsync(async () => { await work(); return true; });

    private DateTimeOffset Now => time.GetUtcNow();

    /// <summary>
    /// Records how well the knowledge base matched a patron question (knowledge gaps). Outside the gate
    /// and never fatal: a chat must not fail because search did.
    /// </summary>
    private async Task RecordQuestionAsync(string text, string source, string? conversationId)
    {
        try
        {
            await knowledge.RecordQuestionAsync(text, source, conversationId, CancellationToken.None);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.SuggestionFailed(logger, ex);
        }
    }

    private Librarian UpsertLibrarian(StaffAccount account) =>
        _router.Upsert(account.Id, account.DisplayName, account.Queues, account.Capacity ?? _options.DefaultCapacity);

    /// <summary>Stores a message and tells the patron (unless it is a note) and the staff who opened the chat.</summary>
    private async Task<AppendResult> AppendAsync(Conversation c, MessageKind kind, string? authorId, string? authorName, string text, string? clientMessageId, string? systemEvent = null)
    {
        var result = await conversations.AppendAsync(
            new NewMessage(c.Id, kind, authorId, authorName, text, clientMessageId, systemEvent, Now), CancellationToken.None);
        if (result.Duplicate)
            return result;
        var message = result.Message.ToContract();
        if (_open.TryGetValue(c.Id, out var open))
            _open[c.Id] = open with { LastSeq = message.Seq };
        if (kind != MessageKind.Note)
            await notifier.ToPatronAsync(c.VisitorId, message);
        await notifier.ToConversationStaffAsync(c.Id, message);
        return result;
    }

    /// <summary>
    /// A client's message: a retry of one stored before (even if the chat has ended since) gets the
    /// first ack back; a new one needs an open chat.
    /// </summary>
    private async Task<AppendResult> AppendIdempotentAsync(Conversation c, MessageKind kind, string authorId, string? authorName, string text, string clientMessageId)
    {
        if (await conversations.FindByClientMessageIdAsync(c.Id, clientMessageId, CancellationToken.None) is { } stored)
            return new AppendResult(stored, Duplicate: true);
        ConversationRules.RequireOpen(c);
        return await AppendAsync(c, kind, authorId, authorName, text, clientMessageId);
    }

    private Task<AppendResult> AppendSystemAsync(Conversation c, string systemEvent, string text) =>
        AppendAsync(c, MessageKind.System, null, null, text, null, systemEvent);

    /// <summary>Stores a changed conversation and keeps the in-memory view in step.</summary>
    private async Task<Conversation> SaveAsync(Conversation c)
    {
        await conversations.ReplaceAsync(c, CancellationToken.None);
        var lastSeq = _open.TryGetValue(c.Id, out var before) ? Math.Max(before.LastSeq, c.LastSeq) : c.LastSeq;
        c = c with { LastSeq = lastSeq };
        if (c.IsOpen)
            _open[c.Id] = c;
        else
            _open.Remove(c.Id);
        return c;
    }

    private async Task<Conversation> LoadAsync(string conversationId) =>
        _open.GetValueOrDefault(conversationId)
        ?? await conversations.FindAsync(conversationId, CancellationToken.None)
        ?? throw new ChatException(ErrorCodes.NotFound, "No such conversation.");

    private ChatState ToState(Conversation c)
    {
        var position = c.State == ConversationState.Waiting ? _router.Position(c.Id) : null;
        return new ChatState(c.Id, c.QueueId, c.State, position, position is { } p ? EstimateWait(c.QueueId, p) : null,
            c.State == ConversationState.Active ? c.AssignedToName : null, c.LastSeq, c.Rating is not null);
    }

    private static ChatSummary ToSummary(Conversation c) => Transcripts.ToSummary(c);

    /// <summary>position × mean wait of the queue's recent accepted chats ÷ available librarians.</summary>
    private int EstimateWait(string queueId, int position)
    {
        var mean = _recentWaits.TryGetValue(queueId, out var waits) && waits.Count > 0
            ? waits.Average(w => w.TotalSeconds)
            : _options.DefaultWait.TotalSeconds;
        return (int)Math.Ceiling(position * mean / Math.Max(1, _router.AvailableLibrarians(queueId)));
    }

    private void RecordWait(string queueId, TimeSpan wait)
    {
        if (!_recentWaits.TryGetValue(queueId, out var waits))
            _recentWaits[queueId] = waits = new Queue<TimeSpan>();
        waits.Enqueue(wait);
        while (waits.Count > WaitSamples)
            waits.Dequeue();
    }

    private QueueStatus StatusOf(RoutedQueue queue)
    {
        var id = queue.Options.Id;
        var availability = _router.Availability(id);
        var waiting = _router.Waiting(id).Count;
        return new QueueStatus(id, queue.Options.Name, availability == QueueAvailability.Open, availability,
            availability == QueueAvailability.Closed ? queue.Hours.NextOpening(Now) : null, waiting,
            availability == QueueAvailability.Open ? EstimateWait(id, waiting + 1) : null);
    }

    private QueueView ViewOf(RoutedQueue queue) => new(
        queue.Options.Id, queue.Options.Name, queue.Options.Policy, StatusOf(queue),
        _router.Waiting(queue.Options.Id).Select(id => ToSummary(_open[id])).ToList());

    private RoutedQueue RequireQueue(string queueId) => _router.FindQueue(queueId)
        ?? throw new ChatException(ErrorCodes.NotFound, "No such queue.");

    /// <summary>Tells staff about a queue's waiting list and every waiting patron their new position.</summary>
    private async Task PublishQueueAsync(string queueId)
    {
        if (_router.FindQueue(queueId) is not { } queue)
            return;
        await notifier.QueueChangedAsync(ViewOf(queue));
        foreach (var id in _router.Waiting(queueId))
            await notifier.ToPatronAsync(_open[id].VisitorId, ToState(_open[id]));
    }

    /// <summary>Hands waiting chats of auto queues to librarians while someone fits.</summary>
    private async Task AutoAssignAsync()
    {
        while (_router.NextAutoAssignment() is var (conversationId, staffId))
        {
            var librarian = _router.FindLibrarian(staffId)!;
            await AssignAsync(_open[conversationId], librarian);
        }
    }

    /// <summary>Accept or auto-assign: the chat becomes active with this librarian, and everyone is told.</summary>
    private async Task<Conversation> AssignAsync(Conversation c, Librarian librarian)
    {
        var firstAcceptance = c.AcceptedAt is null;
        var previousQueue = c.QueueId;
        c = await SaveAsync(ConversationRules.Accept(c, librarian.StaffId, librarian.DisplayName, Now));
        _router.Assign(librarian.StaffId, c.Id);
        if (firstAcceptance && c.WaitTime is { } wait)
            RecordWait(c.QueueId, wait);
        await AppendSystemAsync(c, SystemEvents.Joined, SystemText.Joined(c.Language, librarian.DisplayName));
        c = _open[c.Id];
        await notifier.ChatAssignedAsync(librarian.StaffId, ToSummary(c));
        await notifier.ToPatronAsync(c.VisitorId, ToState(c));
        await notifier.PresenceChangedAsync(librarian.ToContract());
        await PublishQueueAsync(previousQueue);
        return c;
    }

    /// <summary>The chat leaves its librarian: tell every tab of theirs and take them out of its live events.</summary>
    private async Task UnassignAsync(string staffId, string conversationId, string reason)
    {
        _router.Release(staffId, conversationId);
        if (_router.FindLibrarian(staffId) is not { } librarian)
            return;
        await notifier.ChatUnassignedAsync(staffId, new ChatUnassigned(conversationId, reason), librarian.Connections.ToList());
        await notifier.PresenceChangedAsync(librarian.ToContract());
    }
}
