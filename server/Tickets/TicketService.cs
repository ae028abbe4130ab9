using AskLibrary.Chat;
using AskLibrary.Chat.Contracts;
using AskLibrary.Chat.Routing;
using AskLibrary.Email;
using AskLibrary.Staff;
using Microsoft.Extensions.Options;

namespace AskLibrary.Tickets;

/// <summary>
/// Tickets: questions answered later by email, with an owner and a due date. Every change runs under
/// one gate (so two librarians claiming at once cannot both win) and is stored before it is returned.
/// Sending mail lives in TicketService.Mail.cs.
/// </summary>
public sealed partial class TicketService(
    ITicketStore store,
    IConversationStore conversations,
    IStaffStore staff,
    IEmailSender email,
    IOptions<TicketOptions> options,
    IOptions<List<QueueOptions>> queues,
    TimeProvider time,
    ILogger<TicketService> logger)
{
    private const int ListLimit = 200;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, OpeningHours> _hours =
        queues.Value.ToDictionary(q => q.Id, q => new OpeningHours(q.TimeZone, q.Hours, q.ClosedDates));

    private DateTimeOffset Now => time.GetUtcNow();

    public TicketSettings Settings => new(email.Enabled, options.Value.Deadline.ToString(), options.Value.RemindBefore);

    /// <summary>The widget's offline question (PatronHub.LeaveQuestion); arguments are validated by the chat service.</summary>
    /// <returns>The stored ticket, and false when this was a retry of a request stored before.</returns>
    public async Task<(Ticket Ticket, bool Created)> LeaveQuestionAsync(string visitorId, string clientRequestId, string queueId, string question, string emailAddress, string? name, string? language)
    {
        var ticket = New(TicketSource.Patron, queueId, question, emailAddress, name, language, Now) with
        {
            VisitorId = visitorId,
            ClientRequestId = clientRequestId,
        };
        var stored = await store.AddAsync(ticket, CancellationToken.None);
        return (stored, stored.Id == ticket.Id);
    }

    public async Task<Ticket> CreateAsync(StaffIdentity me, NewTicketInput? input)
    {
        if (input is null)
            throw new ChatException(ErrorCodes.InvalidArgument, "A body is required.");
        var queueId = RequireQueue(input.QueueId);
        await RequireQueueAccessAsync(me, queueId);
        var ticket = New(TicketSource.Staff, queueId, ChatInput.Text(input.Question, "question", ChatInput.MaxQuestionLength),
            ChatInput.Email(input.Email), ChatInput.OptionalText(input.Name, "name", ChatInput.MaxNameLength), ChatInput.Language(input.Language), Now) with
        {
            CreatedById = me.Id,
            OwnerId = input.Claim ? me.Id : null,
            OwnerName = input.Claim ? me.DisplayName : null,
        };
        return await store.AddAsync(ticket, CancellationToken.None);
    }

    /// <summary>
    /// A chat the librarian cannot finish now becomes a ticket they own. Only the librarian the chat is (or
    /// was last) assigned to, or an admin; never a chat still waiting in the queue. Once per chat: a second
    /// call returns the first ticket (Created = false).
    /// </summary>
    public Task<(Ticket Ticket, bool Created)> FollowUpChatAsync(StaffIdentity me, string conversationId, FollowUpInput? input) => UnderGateAsync(async () =>
    {
        var c = await conversations.FindAsync(ChatInput.Id(conversationId, "conversationId"), CancellationToken.None);
        if (c is null || (!me.IsAdmin && c.AssignedToId != me.Id))
            throw new ChatException(ErrorCodes.NotFound, "No such conversation among your chats.");
        if (c.State is not (ConversationState.Active or ConversationState.Closed))
            throw new ChatException(ErrorCodes.InvalidState, "Only a chat that was accepted can become a follow-up.");
        var address = ChatInput.OptionalEmail(input?.Email) ?? c.Patron.Email
            ?? throw new ChatException(ErrorCodes.InvalidArgument, "The patron gave no email address; ask for one and enter it.");
        var note = ChatInput.OptionalText(input?.Note, "note", ChatInput.MaxMessageLength);
        var now = Now;
        var ticket = New(TicketSource.Chat, c.QueueId, c.Question, address, c.Patron.Name, c.Language, now) with
        {
            ConversationId = c.Id,
            VisitorId = c.VisitorId,
            CreatedById = me.Id,
            OwnerId = me.Id,
            OwnerName = me.DisplayName,
            Notes = note is null ? [] : [new TicketNote(Ids.New("n"), me.Id, me.DisplayName, note, now)],
        };
        var stored = await store.AddAsync(ticket, CancellationToken.None);
        return (stored, stored.Id == ticket.Id);
    });

    public async Task<IReadOnlyList<Ticket>> ListAsync(StaffIdentity me, TicketStatus? status, bool mine, bool overdue) =>
        await store.ListAsync(new TicketQuery(status, mine ? me.Id : null, overdue, Now, await VisibleQueuesAsync(me), ListLimit), CancellationToken.None);

    public Task<Ticket> GetAsync(StaffIdentity me, string id) => LoadVisibleAsync(me, id);

    public Task<Ticket> ClaimAsync(StaffIdentity me, string id) => ChangeAsync(me, id, t =>
    {
        if (t.Status == TicketStatus.Closed)
            throw new ChatException(ErrorCodes.InvalidState, "The ticket is closed; reopen it first.");
        if (t.OwnerId is { } owner && owner != me.Id)
            throw new ChatException(ErrorCodes.AlreadyClaimed, $"{t.OwnerName} already owns this ticket.");
        return t with { OwnerId = me.Id, OwnerName = me.DisplayName };
    });

    public Task<Ticket> ReleaseAsync(StaffIdentity me, string id) => ChangeAsync(me, id, t =>
    {
        RequireOwnerOrAdmin(me, t);
        return t with { OwnerId = null, OwnerName = null };
    });

    public Task<Ticket> AddNoteAsync(StaffIdentity me, string id, TicketNoteInput? input)
    {
        var text = ChatInput.Text(input?.Text, "text", ChatInput.MaxMessageLength);
        return ChangeAsync(me, id, t => t with { Notes = [.. t.Notes, new TicketNote(Ids.New("n"), me.Id, me.DisplayName, text, Now)] });
    }

    /// <summary>Stores the answer, then emails it (TicketService.Mail.cs); the ticket becomes closed or pending.</summary>
    public async Task<Ticket> AnswerAsync(StaffIdentity me, string id, TicketAnswerInput? input)
    {
        var text = ChatInput.Text(input?.Text, "text", ChatInput.MaxMessageLength);
        var then = input?.Then ?? TicketStatus.Closed;
        if (then == TicketStatus.Open)
            throw new ChatException(ErrorCodes.InvalidArgument, "then must be closed or pending.");
        var answered = await ChangeAsync(me, id, t =>
        {
            if (t.Status == TicketStatus.Closed)
                throw new ChatException(ErrorCodes.InvalidState, "The ticket is closed; reopen it to answer again.");
            if (t.AnonymisedAt is not null)
                throw new ChatException(ErrorCodes.InvalidState, "The patron's data was erased; there is no address to answer.");
            if (t.OwnerId != me.Id)
                throw new ChatException(ErrorCodes.NotAssigned, "Claim the ticket before answering it.");
            var answer = new TicketAnswer(Ids.New("a"), me.Id, me.DisplayName, text, Now, email.Enabled ? Delivery.Pending : Delivery.Disabled);
            return WithStatus(t with { Answers = [.. t.Answers, answer] }, then);
        });
        await DeliverAnswersAsync(answered.Id, CancellationToken.None);
        return await store.FindAsync(answered.Id, CancellationToken.None) ?? answered;
    }

    /// <summary>open, pending or closed. A ticket with an owner is changed by its owner or an admin.</summary>
    public Task<Ticket> SetStatusAsync(StaffIdentity me, string id, TicketStatusInput? input)
    {
        var status = input?.Status ?? throw new ChatException(ErrorCodes.InvalidArgument, "status must be open, pending or closed.");
        return ChangeAsync(me, id, t =>
        {
            if (t.OwnerId is not null)
                RequireOwnerOrAdmin(me, t);
            return WithStatus(t, status);
        });
    }

    private Ticket WithStatus(Ticket t, TicketStatus status) => t with
    {
        Status = status,
        ClosedAt = status == TicketStatus.Closed ? t.ClosedAt ?? Now : null,
    };

    private Ticket New(TicketSource source, string queueId, string question, string address, string? name, string? language, DateTimeOffset now) => new()
    {
        Id = Ids.New("q"),
        QueueId = queueId,
        Source = source,
        Question = question,
        Email = address,
        Name = name,
        Language = language,
        CreatedAt = now,
        UpdatedAt = now,
        DueAt = _hours.TryGetValue(queueId, out var hours) ? TicketDeadline.DueAt(hours, now, options.Value.Deadline) : null,
    };

    private Task<Ticket> ChangeAsync(StaffIdentity me, string id, Func<Ticket, Ticket> change) => UnderGateAsync(async () =>
    {
        var changed = change(await LoadVisibleAsync(me, id)) with { UpdatedAt = Now };
        await store.ReplaceAsync(changed, CancellationToken.None);
        return changed;
    });

    private async Task<Ticket> LoadVisibleAsync(StaffIdentity me, string id)
    {
        var ticket = await store.FindAsync(ChatInput.Id(id, "id"), CancellationToken.None);
        if (ticket is null || (await VisibleQueuesAsync(me) is { } visible && !visible.Contains(ticket.QueueId)))
            throw new ChatException(ErrorCodes.NotFound, "No such ticket.");
        return ticket;
    }

    /// <summary>Admins and managers see every queue; a librarian the queues they serve (all when their account names none).</summary>
    private async Task<IReadOnlyCollection<string>?> VisibleQueuesAsync(StaffIdentity me)
    {
        if (me.Oversees)
            return null;
        var account = await staff.FindAsync(me.Id, CancellationToken.None);
        return account is null ? [] : account.Queues.Count == 0 ? null : account.Queues;
    }

    private async Task RequireQueueAccessAsync(StaffIdentity me, string queueId)
    {
        if (await VisibleQueuesAsync(me) is { } visible && !visible.Contains(queueId))
            throw new ChatException(ErrorCodes.Forbidden, "You do not serve that queue.");
    }

    private static void RequireOwnerOrAdmin(StaffIdentity me, Ticket t)
    {
        if (t.OwnerId is { } owner && owner != me.Id && !me.IsAdmin)
            throw new ChatException(ErrorCodes.NotAssigned, "Another librarian owns this ticket.");
    }

    private string RequireQueue(string? queueId)
    {
        var id = ChatInput.Id(queueId, "queueId");
        return _hours.ContainsKey(id) ? id : throw new ChatException(ErrorCodes.NotFound, "No such queue.");
    }

    private async Task<T> UnderGateAsync<T>(Func<Task<T>> work)
    {
        await _gate.WaitAsync();
        try
        {
            return await work();
        }
        finally
        {
            _gate.Release();
        }
    }
}
