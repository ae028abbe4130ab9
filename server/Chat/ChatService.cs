using AskLibrary.Chat.Contracts;
using AskLibrary.Chat.Routing;
using AskLibrary.Patrons;
using AskLibrary.Staff;
using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace AskLibrary.Chat;

/// <summary>
/// The chat domain: conversation state, sequence numbers, routing and who is told what.
/// Every change is stored first and only then told to anyone (through <see cref="IChatNotifier"/>),
/// so an acknowledged message is always on disk. Two kinds of lock, always taken in this order:
/// <list type="number">
/// <item>the service-wide gate, for routing (start, accept, transfer, end, requeue, presence, ticks):
/// the router and the queues are one shared state. It is held while a turn decides, not while the turn's
/// writes are committed (ChatService.Turns.cs);</item>
/// <item>a conversation's own lock (<see cref="ConversationLocks"/>), for anything that appends to a
/// conversation or changes its document. Messages, notes and typing take only this one, so a busy
/// chat never waits for another chat, and events of one chat still leave in the order they happened.</item>
/// </list>
/// Open conversations are kept in memory as well as in the store and are read only through
/// <see cref="CurrentAsync"/>; closed ones are read from the store. Split by caller:
/// ChatService.Patron.cs, ChatService.Staff.cs, ChatService.Maintenance.cs; routing turns in ChatService.Turns.cs.
/// </summary>
public sealed partial class ChatService(
    IConversationStore conversations,
    Tickets.TicketService tickets,
    ITranscriptRequestStore transcriptRequests,
    IVisitorStore visitors,
    IStaffStore staff,
    ICannedResponseStore canned,
    IChatNotifier clients,
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
    private readonly ConversationLocks _locks = new();
    // Written only under the conversation's lock (or at start, or by StartChat for a new id); read
    // through CurrentAsync and OpenConversations, from any thread.
    private readonly OpenChats _open = new();
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
            Remember(c);
            if (c.State == ConversationState.Waiting)
                _router.Enqueue(c.Id, c.QueueId, c.FrontOfQueue);
            else if (c.AssignedToId is { } staffId)
                _router.RestoreActive(staffId, c.Id);
            MarkPatronGone(c.VisitorId);
        }
        await LoadBlocksAsync(ct);
        _lastAvailability = _router.Queues.ToDictionary(q => q.Options.Id, q => _router.Availability(q.Options.Id));
    }

    private Task UnderGateAsync(Func<Task> work) => UnderGateAsync(async () => { await work(); return true; });

    /// <summary>
    /// One conversation at a time: appends and document changes of this conversation, in order. Inside the
    /// gate when routing changes the conversation (the lock is then the turn's, held until the turn has told,
    /// and the turn may ask for it again); alone on the message path, where it must not ask for a second
    /// conversation, or for the gate, from inside.
    /// </summary>
    private async Task<T> InConversationAsync<T>(string conversationId, Func<Task<T>> work)
    {
        if (notifier.Turn is { } turn)
        {
            await LockInTurnAsync(turn, conversationId);
            return await work();
        }
        // Several nodes: a conversation's lock is local, so the message path takes the cluster gate as well
        // (docs/architecture.md, "Several nodes"): one rule, every node sees every change in order.
        if (cluster.IsClustered)
            return await UnderGateAsync(() => InConversationAsync(conversationId, work));
        using (await _locks.AcquireAsync(conversationId))
            return await work();
    }

    private Task InConversationAsync(string conversationId, Func<Task> work) =>
        InConversationAsync(conversationId, async () => { await work(); return true; });

    /// <summary>
    /// The current document of an open conversation, or null when it is not open. Every read of an open
    /// conversation goes through here, so where it comes from (this node's memory today) is decided in one place.
    /// </summary>
    private ValueTask<Conversation?> CurrentAsync(string conversationId) =>
        ValueTask.FromResult(_open.Find(conversationId));

    /// <summary>Every open conversation (routing scans: abandonment, shutdown notices).</summary>
    private ValueTask<IReadOnlyList<Conversation>> OpenConversationsAsync() =>
        ValueTask.FromResult<IReadOnlyList<Conversation>>(_open.All());

    /// <summary>A visitor's open conversations.</summary>
    private ValueTask<List<Conversation>> OpenConversationsOfAsync(string visitorId) =>
        ValueTask.FromResult(_open.OfVisitor(visitorId));

    /// <summary>Keeps the in-memory view in step with a stored document: open ones are kept, finished ones dropped.</summary>
    private void Remember(Conversation c)
    {
        if (c.IsOpen)
            _open.Set(c);
        else
            _open.Remove(c.Id);
    }

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

    /// <summary>
    /// Stores a message and tells the patron (unless it is a note) and the staff who opened the chat.
    /// The caller holds the conversation's lock, so numbering, storing and telling happen in one order.
    /// With <paramref name="replacing"/>, the changed document is stored in the same transaction, unless the message is
    /// a retry of one stored before, and becomes the in-memory view.
    /// </summary>
    private async Task<AppendResult> AppendAsync(Conversation c, MessageKind kind, string? authorId, string? authorName, string text, string? clientMessageId,
        string? systemEvent = null, Conversation? replacing = null)
    {
        var appending = new NewMessage(c.Id, kind, authorId, authorName, text, clientMessageId, systemEvent, Now);
        var result = replacing is null
            ? await conversations.AppendAsync(appending, CancellationToken.None)
            : await conversations.AppendAndReplaceAsync(appending, replacing, CancellationToken.None);
        if (result.Duplicate)
            return result;
        var message = result.Message.ToContract();
        if (replacing is not null)
            Remember(replacing);
        RememberSeq(c.Id, message.Seq);
        if (kind != MessageKind.Note)
            await notifier.ToPatronAsync(c.VisitorId, message);
        await notifier.ToConversationStaffAsync(c.Id, message);
        return result;
    }

    /// <summary>
    /// A client's message: a retry of one stored before (even if the chat has ended since) gets the
    /// first ack back; a new one needs an open chat. While the chat is open the store answers a retry
    /// itself (it looks the client id up in the same transaction), which saves a read per message.
    /// </summary>
    private async Task<AppendResult> AppendIdempotentAsync(Conversation c, MessageKind kind, string authorId, string? authorName, string text, string clientMessageId,
        Conversation? replacing = null)
    {
        if (!c.IsOpen)
        {
            if (await conversations.FindByClientMessageIdAsync(c.Id, clientMessageId, CancellationToken.None) is { } stored)
                return new AppendResult(stored, Duplicate: true);
            ConversationRules.RequireOpen(c);
        }
        return await AppendAsync(c, kind, authorId, authorName, text, clientMessageId, replacing: replacing);
    }

    private Task<AppendResult> AppendSystemAsync(Conversation c, string systemEvent, string text) =>
        AppendAsync(c, MessageKind.System, null, null, text, null, systemEvent);

    /// <summary>Stores a changed conversation (the caller holds its lock) and keeps the in-memory view in step.</summary>
    private async Task<Conversation> SaveAsync(Conversation c)
    {
        await conversations.ReplaceAsync(c, CancellationToken.None);
        var lastSeq = await CurrentAsync(c.Id) is { } before ? Math.Max(before.LastSeq, c.LastSeq) : c.LastSeq;
        c = c with { LastSeq = lastSeq };
        Remember(c);
        return c;
    }

    /// <summary>
    /// A routing step's change and its system notice, stored in one transaction. In a turn: the document is the
    /// in-memory view at once; the notice, and what <paramref name="then"/> tells, go out once both are stored.
    /// </summary>
    private Pending<Conversation> SaveWithNotice(Conversation c, string systemEvent, string text, Func<Conversation, Task> then)
    {
        var write = conversations.ReplaceAndAppendAsync(c,
            new NewMessage(c.Id, MessageKind.System, null, null, text, null, systemEvent, Now), CancellationToken.None);
        Remember(c);
        return AfterStored(c.Id, write, async notice =>
        {
            c = c with { LastSeq = notice.Seq };
            RememberSeq(c.Id, notice.Seq);
            var message = notice.ToContract();
            await notifier.ToPatronAsync(c.VisitorId, message);
            await notifier.ToConversationStaffAsync(c.Id, message);
            await then(c);
            return c;
        });
    }

    /// <summary>A stored message's seq reaches the in-memory document (the caller holds the conversation's lock).</summary>
    private void RememberSeq(string conversationId, long seq)
    {
        _open.Update(conversationId, seq, static (open, seq) => open.LastSeq < seq ? open with { LastSeq = seq } : null);
    }

    private async Task<Conversation> LoadAsync(string conversationId) =>
        await CurrentAsync(conversationId)
        ?? await conversations.FindAsync(conversationId, CancellationToken.None)
        ?? throw new ChatException(ErrorCodes.NotFound, "No such conversation.");

    /// <param name="position">The chat's place in its queue when the caller already knows it (publishing a whole queue).</param>
    private ChatState ToState(Conversation c, int? position = null)
    {
        position = c.State == ConversationState.Waiting ? position ?? _router.Position(c.Id) : null;
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

    /// <summary>
    /// What a queue's view shows of each waiting chat's question: enough to choose which chat to take. The whole question
    /// is the chat's first message, there for whoever opens it.
    /// </summary>
    public const int QueueViewQuestionLength = 300;

    /// <summary>
    /// A queue as the console lists it: its first <see cref="ChatOptions.QueueViewLimit"/> waiting chats in queue order,
    /// each question cut to <see cref="QueueViewQuestionLength"/> characters; its status counts every waiting chat.
    /// </summary>
    private async Task<QueueView> ViewOfAsync(RoutedQueue queue)
    {
        var waiting = new List<ChatSummary>();
        foreach (var id in _router.Waiting(queue.Options.Id))
        {
            if (waiting.Count == _options.QueueViewLimit)
                break;
            if (await CurrentAsync(id) is { } c)
                waiting.Add(ToSummary(c) with { Question = Preview(c.Question, QueueViewQuestionLength) });
        }
        return new QueueView(queue.Options.Id, queue.Options.Name, queue.Options.Policy, StatusOf(queue), waiting);
    }

    /// <summary>The text itself when it is short enough, otherwise its first characters and an ellipsis, within <paramref name="max"/>.</summary>
    internal static string Preview(string text, int max)
    {
        if (text.Length <= max)
            return text;
        var cut = max - 1;
        if (char.IsHighSurrogate(text[cut - 1]))
            cut--; // never half a character
        return string.Concat(text.AsSpan(0, cut), "…");
    }

    private RoutedQueue RequireQueue(string queueId) => _router.FindQueue(queueId)
        ?? throw new ChatException(ErrorCodes.NotFound, "No such queue.");

    /// <summary>Tells staff about a queue's waiting list and every waiting patron their new position.</summary>
    private async Task PublishQueueAsync(string queueId)
    {
        if (_router.FindQueue(queueId) is not { } queue)
            return;
        await notifier.QueueChangedAsync(await ViewOfAsync(queue));
        var waiting = _router.Waiting(queueId);
        for (var i = 0; i < waiting.Count; i++)
            if (await CurrentAsync(waiting[i]) is { } c)
                await notifier.ToPatronAsync(c.VisitorId, ToState(c, position: i + 1));
    }

    /// <summary>Hands waiting chats of auto queues to librarians while someone fits. In a turn.</summary>
    private async Task AutoAssignAsync()
    {
        while (_router.NextAutoAssignment() is var (conversationId, staffId))
        {
            var librarian = _router.FindLibrarian(staffId)!;
            await InConversationAsync(conversationId, async () =>
            {
                if (await CurrentAsync(conversationId) is { } c)
                    await AssignAsync(c, librarian);
                else
                    _router.Dequeue(conversationId); // ended meanwhile; never offer it again
            });
        }
    }

    /// <summary>
    /// Accept or auto-assign (in a turn holding the chat's lock): the chat becomes active with this librarian at once
    /// in memory; everyone is told once it is stored.
    /// </summary>
    private async Task<Pending<Conversation>> AssignAsync(Conversation c, Librarian librarian)
    {
        var accepted = ConversationRules.Accept(c, librarian.StaffId, librarian.DisplayName, Now);
        _router.Assign(librarian.StaffId, c.Id);
        if (c.AcceptedAt is null && accepted.WaitTime is { } wait)
            RecordWait(accepted.QueueId, wait);
        var assigned = SaveWithNotice(accepted, SystemEvents.Joined, SystemText.Joined(c.Language, librarian.DisplayName), async stored =>
        {
            await notifier.ChatAssignedAsync(librarian.StaffId, ToSummary(stored));
            await notifier.ToPatronAsync(stored.VisitorId, ToState(stored)); // active: no queue position to read
        });
        PublishPresenceSoon(librarian.StaffId);
        PublishQueueSoon(c.QueueId);
        return assigned;
    }

    /// <summary>The chat leaves its librarian: tell every tab of theirs and take them out of its live events.</summary>
    private async Task UnassignAsync(string staffId, string conversationId, string reason)
    {
        _router.Release(staffId, conversationId);
        if (_router.FindLibrarian(staffId) is not { } librarian)
            return;
        await notifier.ChatUnassignedAsync(staffId, new ChatUnassigned(conversationId, reason), librarian.Connections.ToList());
        PublishPresenceSoon(staffId);
    }
}
