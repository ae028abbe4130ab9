using AskLibrary.Chat.Contracts;
using AskLibrary.Chat.Routing;
using AskLibrary.Staff;

namespace AskLibrary.Chat;

/// <summary>Who is calling from the staff hub, from their sign-in cookie.</summary>
public sealed record StaffIdentity(string Id, string DisplayName, string Role)
{
    public bool IsAdmin => Role == StaffRoles.Admin;

    /// <summary>Admins and managers: every queue's tickets, every patron's profile, patron addresses.</summary>
    public bool Oversees => StaffRoles.Oversees(Role);
}

// What a librarian's console can do. Librarians act on chats assigned to them; admins may open any.
public sealed partial class ChatService
{
    public Task StaffConnectedAsync(StaffIdentity caller, string connectionId) => UnderGateAsync(async () =>
    {
        var account = await staff.FindAsync(caller.Id, CancellationToken.None)
            ?? throw new ChatException(ErrorCodes.Forbidden, "Your staff account no longer exists.");
        var librarian = UpsertLibrarian(account);
        TrackConnection(connectionId, staff: true, caller.Id);
        if (_router.Connect(caller.Id, connectionId))
            await PresenceChangedAsync(librarian);
    });

    public Task StaffDisconnectedAsync(StaffIdentity caller, string connectionId) =>
        UnderGateAsync(() => StaffLeftAsync(caller.Id, connectionId));

    private async Task StaffLeftAsync(string staffId, string connectionId)
    {
        _connections.Remove(connectionId);
        if (_router.Disconnect(staffId, connectionId))
            await PresenceChangedAsync(_router.FindLibrarian(staffId)!);
    }

    public Task<StaffSnapshot> GetSnapshotAsync(StaffIdentity caller) => UnderGateAsync(async () =>
    {
        var me = RequireLibrarian(caller);
        var queues = new List<QueueView>();
        foreach (var queue in _router.Queues.Where(q => caller.IsAdmin || me.Queues.Contains(q.Options.Id)))
            queues.Add(await ViewOfAsync(queue));
        var mine = new List<ChatSummary>();
        foreach (var id in me.Active)
            if (await CurrentAsync(id) is { } c)
                mine.Add(ToSummary(c));
        var everyone = _router.Librarians.Select(l => l.ToContract()).OrderBy(l => l.DisplayName, StringComparer.CurrentCulture).ToList();
        return new StaffSnapshot(me.ToContract(), queues, [.. mine.OrderBy(s => s.AcceptedAt)], everyone);
    });

    public Task<LibrarianPresence> SetPresenceAsync(StaffIdentity caller, Presence presence) => UnderGateAsync(async () =>
    {
        var librarian = RequireLibrarian(caller);
        if (_router.SetPresence(caller.Id, presence))
            await PresenceChangedAsync(librarian);
        return librarian.ToContract();
    });

    public async Task<ChatSummary> AcceptAsync(StaffIdentity caller, string conversationId)
    {
        var id = ChatInput.Id(conversationId, "conversationId");
        var accepted = await UnderGateAsync(async () =>
        {
            var librarian = RequireLibrarian(caller);
            return await InConversationAsync(id, async () =>
            {
                var c = await CurrentAsync(id)
                    ?? throw new ChatException(await conversations.FindAsync(id, CancellationToken.None) is null ? ErrorCodes.NotFound : ErrorCodes.AlreadyClaimed,
                        "This chat is no longer waiting.");
                _router.EnsureCanAccept(caller.Id, id, caller.IsAdmin);
                return await AssignAsync(c, librarian);
            });
        });
        return ToSummary(await accepted.AfterTurn);
    }

    public Task<StaffResumeResult> OpenAsync(StaffIdentity caller, string conversationId, long afterSeq) => UnderGateAsync(() =>
        InConversationAsync(ChatInput.Id(conversationId, "conversationId"), async () =>
        {
            var c = await LoadAsync(ChatInput.Id(conversationId, "conversationId"));
            if (!caller.IsAdmin && c.AssignedToId != caller.Id && !IsWaitingInMyQueue(caller, c))
                throw new ChatException(ErrorCodes.NotAssigned, "This chat is not assigned to you.");
            var messages = await conversations.ListMessagesAsync(c.Id, ChatInput.AfterSeq(afterSeq), includeNotes: true, CancellationToken.None);
            return new StaffResumeResult(ToSummary(c), messages.Select(m => m.ToContract()).ToList());
        }));

    // The message path: this conversation's lock only, never the gate.
    public async Task<SendAck> SendLibrarianMessageAsync(StaffIdentity caller, string conversationId, string clientMessageId, string text)
    {
        var clientId = ChatInput.ClientId(clientMessageId);
        var body = ChatInput.Text(text, "text", ChatInput.MaxMessageLength);
        return await InConversationAsync(ChatInput.Id(conversationId, "conversationId"), async () =>
        {
            var c = await LoadAssignedAsync(caller, conversationId);
            // The first reply and the time it was given (the first-response report's) are stored in one commit.
            var result = await AppendIdempotentAsync(c, MessageKind.Librarian, caller.Id, caller.DisplayName, body, clientId,
                replacing: c.FirstResponseAt is null ? ConversationRules.LibrarianReplied(c, Now) : null);
            return new SendAck(result.Message.Seq, result.Duplicate);
        });
    }

    public async Task<SendAck> AddNoteAsync(StaffIdentity caller, string conversationId, string clientMessageId, string text)
    {
        var clientId = ChatInput.ClientId(clientMessageId);
        var body = ChatInput.Text(text, "text", ChatInput.MaxMessageLength);
        return await InConversationAsync(ChatInput.Id(conversationId, "conversationId"), async () =>
        {
            var c = caller.IsAdmin ? await LoadAsync(ChatInput.Id(conversationId, "conversationId")) : await LoadAssignedAsync(caller, conversationId);
            var result = await AppendIdempotentAsync(c, MessageKind.Note, caller.Id, caller.DisplayName, body, clientId);
            return new SendAck(result.Message.Seq, result.Duplicate);
        });
    }

    public Task SetLibrarianTypingAsync(StaffIdentity caller, string conversationId, bool isTyping) =>
        InConversationAsync(ChatInput.Id(conversationId, "conversationId"), async () =>
        {
            var c = await LoadAssignedAsync(caller, conversationId);
            if (c.State == ConversationState.Active)
                await notifier.ToPatronAsync(c.VisitorId, new TypingEvent(c.Id, TypingParty.Librarian, caller.DisplayName, isTyping));
        });

    public Task TransferAsync(StaffIdentity caller, TransferRequest? request) => UnderGateAsync(async () =>
    {
        if (request is null || (request.ToQueueId is null) == (request.ToStaffId is null))
            throw new ChatException(ErrorCodes.InvalidArgument, "Transfer to exactly one of a queue or a librarian.");
        var note = ChatInput.OptionalText(request.Note, "note", ChatInput.MaxNoteLength);
        await InConversationAsync(ChatInput.Id(request.ConversationId, "conversationId"), async () =>
        {
            var c = await LoadAssignedAsync(caller, request.ConversationId);
            ConversationRules.RequireOpen(c);
            if (c.State != ConversationState.Active)
                throw new ChatException(ErrorCodes.InvalidState, "Only an active chat can be transferred.");
            if (request.ToQueueId is { } queueIdInput)
                await TransferToQueueAsync(c, caller, RequireQueue(ChatInput.Id(queueIdInput, "toQueueId")), note);
            else
                await TransferToLibrarianAsync(c, caller, ChatInput.Id(request.ToStaffId, "toStaffId"), note);
        });
        await AutoAssignAsync();
    });

    private async Task TransferToQueueAsync(Conversation c, StaffIdentity caller, RoutedQueue queue, string? note)
    {
        var moved = await SaveAsync(ConversationRules.Requeue(c, queue.Options.Id, Now));
        await UnassignAsync(c.AssignedToId!, c.Id, "transferred");
        _router.Enqueue(c.Id, queue.Options.Id, front: true);
        await AddTransferNoteAsync(moved, caller, $"→ {queue.Options.Name}", note);
        await AppendSystemAsync(moved, SystemEvents.Transferred, SystemText.TransferredToQueue(c.Language, queue.Options.Name));
        await notifier.ToPatronAsync(c.VisitorId, ToState(await CurrentAsync(c.Id) ?? moved));
        PublishQueueSoon(queue.Options.Id);
    }

    private async Task TransferToLibrarianAsync(Conversation c, StaffIdentity caller, string toStaffId, string? note)
    {
        var target = _router.FindLibrarian(toStaffId)
            ?? throw new ChatException(ErrorCodes.NotFound, "No such librarian.");
        if (target.StaffId == c.AssignedToId)
            throw new ChatException(ErrorCodes.InvalidArgument, "The chat is already assigned to this librarian.");
        if (target.Presence == Presence.Offline)
            throw new ChatException(ErrorCodes.InvalidState, $"{target.DisplayName} is offline.");
        if (!target.HasCapacity)
            throw new ChatException(ErrorCodes.CapacityFull, $"{target.DisplayName} has no free capacity.");
        var reassigned = await SaveAsync(ConversationRules.Reassign(c, target.StaffId, target.DisplayName));
        await UnassignAsync(c.AssignedToId!, c.Id, "transferred");
        _router.Assign(target.StaffId, c.Id);
        await AddTransferNoteAsync(reassigned, caller, $"→ {target.DisplayName}", note);
        await AppendSystemAsync(reassigned, SystemEvents.Transferred, SystemText.TransferredToLibrarian(c.Language, target.DisplayName));
        reassigned = await CurrentAsync(c.Id) ?? reassigned;
        await notifier.ChatAssignedAsync(target.StaffId, ToSummary(reassigned));
        PublishPresenceSoon(target.StaffId);
        await notifier.ToPatronAsync(c.VisitorId, ToState(reassigned));
    }

    public async Task<ChatSummary> EndChatByStaffAsync(StaffIdentity caller, string conversationId)
    {
        var ended = await UnderGateAsync(async () =>
        {
            var ended = await InConversationAsync(ChatInput.Id(conversationId, "conversationId"), async () =>
            {
                var c = await LoadAssignedAsync(caller, conversationId);
                return await EndAsync(c, SystemText.EndedByLibrarian(c.Language, caller.DisplayName));
            });
            await AutoAssignAsync();
            return ended;
        });
        return ToSummary(await ended.AfterTurn);
    }

    public async Task<string> RenderCannedAsync(StaffIdentity caller, string conversationId, string cannedId)
    {
        var response = await canned.FindAsync(ChatInput.Id(cannedId, "cannedId"), CancellationToken.None);
        if (response is null || (response.OwnerId is not null && response.OwnerId != caller.Id))
            throw new ChatException(ErrorCodes.NotFound, "No such canned response.");
        var c = await UnderGateAsync(() => LoadAssignedAsync(caller, conversationId));
        var queueName = _router.FindQueue(c.QueueId)?.Options.Name ?? c.QueueId;
        return CannedText.Render(response.Text, c.Patron.Name ?? SystemText.PatronPlaceholderName(c.Language), caller.DisplayName, queueName);
    }

    /// <summary>
    /// Ends a chat (patron, librarian, block, abandonment): waiting → abandoned, active → closed, and tells
    /// everyone once it is stored. In a turn holding the chat's lock; the caller runs AutoAssignAsync after
    /// letting the chat go, since the freed librarian may take the next one.
    /// </summary>
    private async Task<Pending<Conversation>> EndAsync(Conversation c, string text)
    {
        var closed = ConversationRules.End(c, Now);
        // The notice is the last message: nothing is appended to an ended chat.
        var ended = SaveWithNotice(closed, closed.State == ConversationState.Abandoned ? SystemEvents.Abandoned : SystemEvents.Ended, text, async stored =>
        {
            await notifier.ToPatronAsync(stored.VisitorId, ToState(stored)); // finished: no queue position to read
            await notifier.ToConversationStaffAsync(stored.Id, ToSummary(stored));
        });
        if (_router.Dequeue(c.Id))
            PublishQueueSoon(c.QueueId);
        if (c.AssignedToId is { } staffId && c.State == ConversationState.Active)
            await UnassignAsync(staffId, c.Id, "ended");
        return ended;
    }

    private async Task AddTransferNoteAsync(Conversation c, StaffIdentity caller, string target, string? note) =>
        await AppendAsync(c, MessageKind.Note, caller.Id, caller.DisplayName, note is null ? target : $"{target}: {note}", null, SystemEvents.Transferred);

    private async Task PresenceChangedAsync(Librarian librarian)
    {
        PublishPresenceSoon(librarian.StaffId);
        await PublishAvailabilityChangesAsync();
        await AutoAssignAsync();
    }

    private Librarian RequireLibrarian(StaffIdentity caller) => _router.FindLibrarian(caller.Id)
        ?? throw new ChatException(ErrorCodes.Forbidden, "Connect to the staff hub as a librarian first.");

    private bool IsWaitingInMyQueue(StaffIdentity caller, Conversation c) =>
        c.State == ConversationState.Waiting && _router.FindLibrarian(caller.Id) is { } me && me.Queues.Contains(c.QueueId);

    /// <summary>A chat the caller holds (or a finished one they held, for the error); the caller holds its lock.</summary>
    private async Task<Conversation> LoadAssignedAsync(StaffIdentity caller, string conversationId)
    {
        var c = await LoadAsync(ChatInput.Id(conversationId, "conversationId"));
        return c.AssignedToId == caller.Id && c.IsOpen ? c
            : c.IsOpen || c.AssignedToId != caller.Id ? throw new ChatException(ErrorCodes.NotAssigned, "This chat is not assigned to you.")
            : throw new ChatException(ErrorCodes.InvalidState, "This chat has ended.");
    }
}
