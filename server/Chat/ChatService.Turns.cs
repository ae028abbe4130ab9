using AskLibrary.Chat.Contracts;
using System.Runtime.ExceptionServices;

namespace AskLibrary.Chat;

// Routing in turns (docs/architecture.md, "Routing turns"). A holder of the gate decides: it checks, changes the
// in-memory view and hands its writes to the store, but it does not wait for them to be stored. What it tells
// clients is queued in the turn, in the order it was decided. Once the gate is free for the next turn, this one
// waits for its writes, then tells — after every earlier turn has told, so clients hear of routing changes in the
// order they were decided, exactly as when everything happened under the gate. The conversations a turn locked
// stay locked until it has told, so nobody reads or appends to a conversation whose change is not stored yet.
// The store's writer keeps the order it is given writes in, so turns store in gate order too, and consecutive
// turns share one commit instead of each waiting for its own.
public sealed partial class ChatService
{
    private readonly TurnNotifier notifier = new(clients);
    private Task _toldBefore = Task.CompletedTask; // under the gate: done when every earlier turn has told

    /// <summary>A turn's step that depends on a write: its result once the turn has finished.</summary>
    /// <remarks>Await <see cref="AfterTurn"/> only after the gate call has returned; inside the turn it never completes.</remarks>
    private readonly record struct Pending<T>(Task<T> AfterTurn);

    /// <summary>What one holder of the gate decided and has still to do once the gate is free.</summary>
    private sealed class GateTurn
    {
        /// <summary>Conversation locks taken in this turn; a turn may ask for the same conversation again.</summary>
        public Dictionary<string, ConversationLocks.Held> Locks { get; } = new(StringComparer.Ordinal);

        /// <summary>Writes to wait for and tells to send, in the order they were decided; the conversation a write belongs to.</summary>
        public List<(string? ConversationId, Func<Task> Run)> Steps { get; } = [];

        /// <summary>False once the decisions are over: tells from then on go straight to clients.</summary>
        public bool Deciding { get; set; } = true;
    }

    /// <summary>Takes a conversation's lock for the current turn (once per turn), held until the turn has told.</summary>
    private async Task LockInTurnAsync(GateTurn turn, string conversationId)
    {
        if (!turn.Locks.ContainsKey(conversationId))
            turn.Locks[conversationId] = await _locks.AcquireAsync(conversationId);
    }

    /// <summary>
    /// In a turn: once <paramref name="write"/> is stored, <paramref name="then"/> runs (after the gate is free, the
    /// conversation still locked) and tells. A write that fails fails the turn's caller, and the conversation's
    /// in-memory view is put back to what the store holds.
    /// </summary>
    private Pending<TResult> AfterStored<TWrite, TResult>(string? conversationId, Task<TWrite> write, Func<TWrite, Task<TResult>> then)
    {
        var turn = notifier.Turn ?? throw new InvalidOperationException("A routing step runs inside the gate.");
        var done = new TaskCompletionSource<TResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        turn.Steps.Add((conversationId, async () =>
        {
            try
            {
                done.SetResult(await then(await write));
            }
            catch (Exception ex)
            {
                done.SetException(ex);
                _ = done.Task.Exception; // the turn rethrows it to its caller
                throw;
            }
        }));
        return new Pending<TResult>(done.Task);
    }

    /// <summary>In a turn: its caller is answered only once this write is stored too, and fails if it fails.</summary>
    private void AfterStored(Task write) =>
        (notifier.Turn ?? throw new InvalidOperationException("A routing step runs inside the gate.")).Steps.Add((null, () => write));

    /// <summary>
    /// Routing: one turn at a time across the whole service — on this node, and across the cluster when there are
    /// several nodes. Returns once the turn has told, so a caller's answer never comes before what it caused.
    /// </summary>
    private async Task<T> UnderGateAsync<T>(Func<Task<T>> work)
    {
        await _gate.WaitAsync();
        var turn = new GateTurn();
        ExceptionDispatchInfo? failed = null;
        T result = default!;
        Task toldBefore;
        TaskCompletionSource? told = null;
        var gateHeld = true;
        try
        {
            notifier.Turn = turn;
            if (cluster.IsClustered)
            {
                // Several nodes: the shared state is written back when the cluster gate is left, and the conversation
                // locks are this node's, so a turn finishes inside the cluster gate.
                return await UnderClusterGateAsync(async () =>
                {
                    try
                    {
                        result = await work();
                    }
                    catch (Exception ex)
                    {
                        failed = ExceptionDispatchInfo.Capture(ex);
                    }
                    await FinishTurnAsync(turn, Task.CompletedTask, null, failed, gateFree: false);
                    return result;
                });
            }
            try
            {
                result = await work();
            }
            catch (Exception ex)
            {
                failed = ExceptionDispatchInfo.Capture(ex);
            }
            toldBefore = _toldBefore;
            if (turn.Steps.Count > 0 || turn.Locks.Count > 0)
            {
                told = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _toldBefore = told.Task;
            }
            turn.Deciding = false;
            _gate.Release();
            gateHeld = false;
        }
        finally
        {
            if (gateHeld)
                _gate.Release();
        }
        await FinishTurnAsync(turn, toldBefore, told, failed, gateFree: true);
        return result;
    }

    /// <summary>After the decisions: waits for the turn's writes and earlier turns' tells, tells, lets its conversations go.</summary>
    private async Task FinishTurnAsync(GateTurn turn, Task toldBefore, TaskCompletionSource? told, ExceptionDispatchInfo? failed, bool gateFree)
    {
        turn.Deciding = false;
        notifier.Turn = null; // tells from here on go straight to clients
        HashSet<string>? repair = null;
        try
        {
            await toldBefore;
            foreach (var (conversationId, run) in turn.Steps)
            {
                try
                {
                    await run();
                }
                catch (Exception ex)
                {
                    failed ??= ExceptionDispatchInfo.Capture(ex);
                    if (conversationId is not null)
                        (repair ??= new(StringComparer.Ordinal)).Add(conversationId);
                }
            }
        }
        finally
        {
            foreach (var held in turn.Locks.Values)
                held.Dispose();
            told?.SetResult();
        }
        if (repair is not null)
        {
            Log.RoutingWriteFailed(logger, repair.Count);
            // On one node the gate is free again: the caller hears of the failure once it is repaired. In a cluster
            // this runs inside the gate, so the repair takes its own turn.
            if (gateFree)
                await RepairAsync(repair);
            else
                _ = Task.Run(() => RepairAsync(repair));
        }
        failed?.Throw();
    }

    /// <summary>
    /// A routing write failed after its decision was made in memory: the store is the record of truth, so each
    /// conversation's place (waiting in a queue, with a librarian, finished) is set back to what the store holds and
    /// everyone concerned is told again.
    /// </summary>
    private async Task RepairAsync(IReadOnlyCollection<string> conversationIds)
    {
        try
        {
            await UnderGateAsync(async () =>
            {
                foreach (var id in conversationIds)
                    await InConversationAsync(id, () => RepairOneAsync(id));
                await AutoAssignAsync();
            });
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.RepairFailed(logger, ex);
        }
    }

    private async Task RepairOneAsync(string conversationId)
    {
        var stored = await conversations.FindAsync(conversationId, CancellationToken.None);
        var decided = await CurrentAsync(conversationId);
        var librarians = _router.Librarians.Where(l => l.Active.Contains(conversationId)).ToList();
        foreach (var librarian in librarians)
            _router.Release(librarian.StaffId, conversationId);
        _router.Dequeue(conversationId);
        _open.Remove(conversationId);
        if (stored is { IsOpen: true })
        {
            Remember(stored);
            if (stored.State == ConversationState.Waiting)
                _router.Enqueue(stored.Id, stored.QueueId, front: true);
            else if (stored.AssignedToId is { } staffId)
                _router.RestoreActive(staffId, stored.Id);
        }
        var holder = stored is { IsOpen: true, State: ConversationState.Active } ? stored.AssignedToId : null;
        foreach (var librarian in librarians.Where(l => l.StaffId != holder))
            await notifier.ChatUnassignedAsync(librarian.StaffId, new ChatUnassigned(conversationId, stored is { State: ConversationState.Waiting } ? "requeued" : "ended"), librarian.Connections.ToList());
        if (holder is not null && _router.FindLibrarian(holder) is { } restored)
        {
            await notifier.ChatAssignedAsync(holder, ToSummary(stored!));
            librarians.Add(restored);
        }
        foreach (var librarian in librarians.Distinct())
            PublishPresenceSoon(librarian.StaffId);
        if (stored is not null)
        {
            await notifier.ToPatronAsync(stored.VisitorId, ToState(stored));
            await notifier.ToConversationStaffAsync(stored.Id, ToSummary(stored));
            PublishQueueSoon(stored.QueueId);
        }
        if (decided is not null && decided.QueueId != stored?.QueueId)
            PublishQueueSoon(decided.QueueId);
    }

    /// <summary>
    /// The notifier ChatService talks to: inside a turn's decisions it queues each tell (its arguments as they are
    /// now) to be sent when the turn tells; anywhere else it sends at once.
    /// </summary>
    private sealed class TurnNotifier(IChatNotifier clients) : IChatNotifier
    {
        private readonly AsyncLocal<GateTurn?> _turn = new();

        /// <summary>The turn whose decisions are running in this flow, if any.</summary>
        public GateTurn? Turn
        {
            get => _turn.Value is { Deciding: true } turn ? turn : null;
            set => _turn.Value = value;
        }

        private Task Tell(Func<Task> send)
        {
            if (Turn is not { } turn)
                return send();
            turn.Steps.Add((null, send));
            return Task.CompletedTask;
        }

        public Task ToPatronAsync(string visitorId, ChatMessage message) => Tell(() => clients.ToPatronAsync(visitorId, message));
        public Task ToPatronAsync(string visitorId, ChatState chat) => Tell(() => clients.ToPatronAsync(visitorId, chat));
        public Task ToPatronAsync(string visitorId, TypingEvent typing) => Tell(() => clients.ToPatronAsync(visitorId, typing));
        public Task QueueStatusChangedAsync(QueueStatus status) => Tell(() => clients.QueueStatusChangedAsync(status));
        public Task ToConversationStaffAsync(string conversationId, ChatMessage message) => Tell(() => clients.ToConversationStaffAsync(conversationId, message));
        public Task ToConversationStaffAsync(string conversationId, ChatSummary chat) => Tell(() => clients.ToConversationStaffAsync(conversationId, chat));
        public Task ToConversationStaffAsync(string conversationId, TypingEvent typing) => Tell(() => clients.ToConversationStaffAsync(conversationId, typing));
        public Task QueueChangedAsync(QueueView queue) => Tell(() => clients.QueueChangedAsync(queue));
        public Task ChatAssignedAsync(string staffId, ChatSummary chat) => Tell(() => clients.ChatAssignedAsync(staffId, chat));
        public Task ChatUnassignedAsync(string staffId, ChatUnassigned info, IReadOnlyCollection<string> staffConnections) =>
            Tell(() => clients.ChatUnassignedAsync(staffId, info, staffConnections));
        public Task PresenceChangedAsync(IReadOnlyList<LibrarianPresence> changed) => Tell(() => clients.PresenceChangedAsync(changed));
    }
}
