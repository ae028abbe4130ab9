using AskLibrary.Chat.Contracts;
using AskLibrary.Patrons;

namespace AskLibrary.Chat;

// What a patron's widget can do. Every method takes the caller's visitor id from the hub (never
// from the payload), and a conversation of another visitor is reported as not_found.
public sealed partial class ChatService
{
    private readonly Dictionary<string, HashSet<string>> _patronConnections = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _patronGoneSince = new(StringComparer.Ordinal);

    public Task<QueueStatus> GetQueueStatusAsync(string queueId) =>
        UnderGateAsync(() => Task.FromResult(StatusOf(RequireQueue(ChatInput.Id(queueId, "queueId")))));

    public Task<ChatState?> GetCurrentChatAsync(string visitorId) => UnderGateAsync(async () =>
        (await OpenConversationsOfAsync(visitorId)).Select(c => ToState(c)).FirstOrDefault());

    /// <param name="address">The patron's network address, kept as the queue's IpAddresses setting says.</param>
    public async Task<ChatState> StartChatAsync(string visitorId, StartChatRequest? request, System.Net.IPAddress? address = null)
    {
        var (state, isNew, question) = await StartUnderGateAsync(visitorId, request, address);
        // The state was decided in the turn; the first message (and a librarian's notice, if one took the chat at
        // once) has been stored since, so the seq is the stored one.
        if (await CurrentAsync(state.ConversationId) is { } stored)
            state = state with { LastSeq = Math.Max(state.LastSeq, stored.LastSeq) };
        if (isNew)
            await RecordQuestionAsync(question, "chat", state.ConversationId);
        return state;
    }

    private Task<(ChatState State, bool IsNew, string Question)> StartUnderGateAsync(string visitorId, StartChatRequest? request, System.Net.IPAddress? address) => UnderGateAsync(async () =>
    {
        if (request is null)
            throw new ChatException(ErrorCodes.InvalidArgument, "A request is required.");
        var clientMessageId = ChatInput.ClientId(request.ClientMessageId);
        var question = ChatInput.Text(request.Question, "question", ChatInput.MaxQuestionLength);
        var patron = ChatInput.Patron(request.Patron);
        var language = ChatInput.Language(request.Language);
        var queue = RequireQueue(ChatInput.Id(request.QueueId, "queueId"));
        RequireNotBlocked(visitorId);

        // A retried start: the chat it started, as it is once everything the earlier turns decided is stored.
        var open = await OpenConversationsOfAsync(visitorId);
        var startedId = open.FirstOrDefault(c => c.StartClientMessageId == clientMessageId)?.Id
            ?? (await conversations.FindStartedAsync(visitorId, clientMessageId, CancellationToken.None))?.Id;
        if (startedId is not null)
            return await InConversationAsync(startedId, async () => (ToState(await LoadAsync(startedId)), false, question));
        if (open.Count > 0)
            throw new ChatException(ErrorCodes.ConversationOpen, "You already have an open chat; resume it instead.");
        var queueId = _router.ChooseQueue(queue.Options.Id)
            ?? throw new ChatException(ErrorCodes.QueueOffline, "Nobody is on duty for this queue right now; leave a question instead.");

        // The patron's details and the chat are handed to the store together (one commit), and the chat is queued
        // at once: the next turn may route it while the commit is on its way, but nobody hears of it before.
        var (known, remembering) = await StartRememberingPatronAsync(visitorId, patron);
        var now = Now;
        var conversation = new Conversation
        {
            Id = Ids.Ordered("c", now),
            QueueId = queueId,
            VisitorId = visitorId,
            Question = question,
            StartClientMessageId = clientMessageId,
            Patron = known,
            Language = language,
            PatronAddress = Patrons.PatronAddress.Keep(address, RequireQueue(queueId).Options.AddressPolicy),
            CreatedAt = now,
            WaitingSince = now,
        };
        var created = conversations.CreateAsync(conversation,
            new NewMessage(conversation.Id, MessageKind.Patron, visitorId, known.Name, question, clientMessageId, null, now), CancellationToken.None);
        await InConversationAsync(conversation.Id, () =>
        {
            Remember(conversation);
            _router.Enqueue(conversation.Id, queueId, front: false);
            _ = AfterStored(conversation.Id, created, async first =>
            {
                RememberSeq(conversation.Id, first.Seq);
                Log.ChatStarted(logger, conversation.Id, queueId);
                await notifier.ToPatronAsync(visitorId, first.ToContract());
                return first;
            });
            return Task.CompletedTask;
        });
        // Should remembering the details fail, the chat is already stored and queued: a retried start finds it.
        AfterStored(remembering);
        PublishQueueSoon(queueId);
        await AutoAssignAsync();
        return (ToState(await LoadAsync(conversation.Id)), true, question);
    });

    public Task<ResumeResult> ResumeAsync(string visitorId, string conversationId, long afterSeq) => UnderGateAsync(() =>
        InConversationAsync(ChatInput.Id(conversationId, "conversationId"), async () =>
        {
            var c = await LoadOwnAsync(visitorId, conversationId);
            var messages = await conversations.ListMessagesAsync(c.Id, ChatInput.AfterSeq(afterSeq), includeNotes: false, CancellationToken.None);
            return new ResumeResult(ToState(c), messages.Select(m => m.ToContract()).ToList());
        }));

    // The message path: this conversation's lock only, never the gate.
    public Task<SendAck> SendPatronMessageAsync(string visitorId, string conversationId, string clientMessageId, string text) =>
        InConversationAsync(ChatInput.Id(conversationId, "conversationId"), async () =>
        {
            var c = await LoadOwnAsync(visitorId, conversationId);
            var clientId = ChatInput.ClientId(clientMessageId);
            var body = ChatInput.Text(text, "text", ChatInput.MaxMessageLength);
            RequireNotBlocked(visitorId);
            var result = await AppendIdempotentAsync(c, MessageKind.Patron, visitorId, c.Patron.Name, body, clientId);
            return new SendAck(result.Message.Seq, result.Duplicate);
        });

    public Task SetPatronTypingAsync(string visitorId, string conversationId, bool isTyping) =>
        InConversationAsync(ChatInput.Id(conversationId, "conversationId"), async () =>
        {
            var c = await LoadOwnAsync(visitorId, conversationId);
            if (c.State == ConversationState.Active)
                await notifier.ToConversationStaffAsync(c.Id, new TypingEvent(c.Id, TypingParty.Patron, c.Patron.Name, isTyping));
        });

    public async Task<ChatState> EndChatByPatronAsync(string visitorId, string conversationId)
    {
        var ended = await UnderGateAsync(async () =>
        {
            var ended = await InConversationAsync(ChatInput.Id(conversationId, "conversationId"), async () =>
            {
                var c = await LoadOwnAsync(visitorId, conversationId);
                return await EndAsync(c, SystemText.EndedByPatron(c.Language));
            });
            await AutoAssignAsync();
            return ended;
        });
        return ToState(await ended.AfterTurn); // finished: no queue position to read
    }

    public Task RateChatAsync(string visitorId, string conversationId, int score, string? comment) => UnderGateAsync(() =>
        InConversationAsync(ChatInput.Id(conversationId, "conversationId"), async () =>
        {
            var c = await LoadOwnAsync(visitorId, conversationId);
            var rated = ConversationRules.Rate(c, ChatInput.Score(score), ChatInput.OptionalText(comment, "comment", ChatInput.MaxCommentLength), Now);
            rated = await SaveAsync(rated);
            await notifier.ToPatronAsync(c.VisitorId, ToState(rated));
        }));

    public async Task RequestTranscriptAsync(string visitorId, string conversationId, string email)
    {
        var address = ChatInput.Email(email);
        var c = await UnderGateAsync(() => LoadOwnAsync(visitorId, conversationId));
        await transcriptRequests.AddAsync(new TranscriptRequestRecord(Ids.New("tr"), c.Id, address, Now, null), CancellationToken.None);
    }

    public Task SetPatronDetailsAsync(string visitorId, PatronDetails? details) => UnderGateAsync(async () =>
    {
        var known = await RememberPatronAsync(visitorId, ChatInput.Patron(details));
        foreach (var id in (await OpenConversationsOfAsync(visitorId)).Select(c => c.Id))
        {
            await InConversationAsync(id, async () =>
            {
                if (await CurrentAsync(id) is not { } c)
                    return;
                var updated = await SaveAsync(c with { Patron = known });
                await notifier.ToConversationStaffAsync(updated.Id, ToSummary(updated));
                if (updated.AssignedToId is { } staffId)
                    await notifier.ChatAssignedAsync(staffId, ToSummary(updated));
                if (updated.State == ConversationState.Waiting)
                    PublishQueueSoon(updated.QueueId);
            });
        }
    });

    public async Task<OfflineQuestionReceipt> LeaveQuestionAsync(string visitorId, OfflineQuestionRequest? request)
    {
        if (request is null)
            throw new ChatException(ErrorCodes.InvalidArgument, "A request is required.");
        var clientRequestId = ChatInput.ClientId(request.ClientRequestId, "clientRequestId");
        var question = ChatInput.Text(request.Question, "question", ChatInput.MaxQuestionLength);
        var email = ChatInput.Email(request.Email);
        var name = ChatInput.OptionalText(request.Name, "name", ChatInput.MaxNameLength);
        var queueId = RequireQueueUnlocked(ChatInput.Id(request.QueueId, "queueId"));
        await UnderGateAsync(() => { RequireNotBlocked(visitorId); return Task.CompletedTask; });
        var language = ChatInput.Language(request.Language);
        var (stored, created) = await tickets.LeaveQuestionAsync(visitorId, clientRequestId, queueId, question, email, name, language);
        await UnderGateAsync(() => RememberPatronAsync(visitorId, new PatronDetails(name, email, null)));
        if (created) // not a retry of a question stored before
            await RecordQuestionAsync(question, "offline", null);
        return new OfflineQuestionReceipt(stored.Id);
    }

    public Task PatronConnectedAsync(string visitorId, string connectionId) => UnderGateAsync(() =>
    {
        TrackConnection(connectionId, staff: false, visitorId);
        if (!_patronConnections.TryGetValue(visitorId, out var connections))
            _patronConnections[visitorId] = connections = [];
        connections.Add(connectionId);
        _patronGoneSince.Remove(visitorId);
        return Task.CompletedTask;
    });

    public Task PatronDisconnectedAsync(string visitorId, string connectionId) => UnderGateAsync(() =>
    {
        PatronLeft(visitorId, connectionId);
        return Task.CompletedTask;
    });

    private void PatronLeft(string visitorId, string connectionId)
    {
        _connections.Remove(connectionId);
        if (_patronConnections.TryGetValue(visitorId, out var connections) && connections.Remove(connectionId) && connections.Count == 0)
        {
            _patronConnections.Remove(visitorId);
            MarkPatronGone(visitorId);
        }
    }

    /// <summary>Whether any patron connection of this visitor is open (tests wait on this after a disconnect).</summary>
    internal Task<bool> IsPatronConnectedAsync(string visitorId) => UnderGateAsync(() => Task.FromResult(_patronConnections.ContainsKey(visitorId)));

    private void MarkPatronGone(string visitorId)
    {
        if (!_patronConnections.ContainsKey(visitorId))
            _patronGoneSince.TryAdd(visitorId, Now);
    }

    private string RequireQueueUnlocked(string queueId) =>
        queueOptions.Value.Any(q => q.Id == queueId) ? queueId : throw new ChatException(ErrorCodes.NotFound, "No such queue.");

    /// <summary>The caller's conversation; on the message path the caller holds its lock.</summary>
    private async Task<Conversation> LoadOwnAsync(string visitorId, string conversationId)
    {
        var c = await LoadAsync(ChatInput.Id(conversationId, "conversationId"));
        return c.VisitorId == visitorId ? c : throw new ChatException(ErrorCodes.NotFound, "No such conversation.");
    }

    /// <summary>Merges what the patron or host page told us with what we knew about this visitor.</summary>
    private async Task<PatronDetails> RememberPatronAsync(string visitorId, PatronDetails given)
    {
        var (merged, remembering) = await StartRememberingPatronAsync(visitorId, given);
        await remembering;
        return merged;
    }

    /// <summary>The visitor's details merged with what they give now, and the write of them, not awaited yet. Under the gate.</summary>
    private async Task<(PatronDetails Merged, Task Written)> StartRememberingPatronAsync(string visitorId, PatronDetails given)
    {
        var visitor = await visitors.FindAsync(visitorId, CancellationToken.None);
        var known = visitor?.Details ?? PatronDetails.Empty;
        var merged = new PatronDetails(given.Name ?? known.Name, given.Email ?? known.Email, given.CardNumber ?? known.CardNumber);
        var now = Now;
        return (merged, visitors.UpsertAsync(new Visitor(visitorId, merged, visitor?.CreatedAt ?? now, now), CancellationToken.None));
    }
}
