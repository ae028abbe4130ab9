namespace AskLibrary.Tickets;

/// <summary>open: waiting for an answer; pending: answered, waiting for the patron; closed: done.</summary>
public enum TicketStatus { Open, Pending, Closed }

/// <summary>Where a ticket came from: the widget's offline question, a chat turned into a follow-up, or staff.</summary>
public enum TicketSource { Patron, Chat, Staff }

/// <summary>How an answer's email went: sent, waiting to be sent (or retried), given up, or email is not configured.</summary>
public enum Delivery { Pending, Sent, Failed, Disabled }

/// <summary>
/// A ticket document as stored (SQLite JSON column today, a MongoDB document tomorrow): the question,
/// who owns it, when it is due, and its notes and answers embedded, because they are only ever read
/// with their ticket. Immutable: every change is a `with` copy stored before anyone is told.
/// </summary>
public sealed record Ticket
{
    /// <summary>"q_" + 16 characters, the id format offline questions always had.</summary>
    public required string Id { get; init; }
    public required string QueueId { get; init; }
    public required TicketSource Source { get; init; }
    public required string Question { get; init; }
    public required string Email { get; init; }
    public string? Name { get; init; }
    public string? Language { get; init; }
    public TicketStatus Status { get; init; } = TicketStatus.Open;
    public DateTimeOffset CreatedAt { get; init; }
    /// <summary>Null for questions left before tickets existed, or for a queue never open within a year.</summary>
    public DateTimeOffset? DueAt { get; init; }
    /// <summary>The widget's visitor and request id (idempotent LeaveQuestion); null for other sources.</summary>
    public string? VisitorId { get; init; }
    public string? ClientRequestId { get; init; }
    /// <summary>The chat this follow-up came from.</summary>
    public string? ConversationId { get; init; }
    public string? CreatedById { get; init; }
    public string? OwnerId { get; init; }
    public string? OwnerName { get; init; }
    public IReadOnlyList<TicketNote> Notes { get; init; } = [];
    public IReadOnlyList<TicketAnswer> Answers { get; init; } = [];
    /// <summary>When the due-date reminder went out (it goes once).</summary>
    public DateTimeOffset? RemindedAt { get; init; }
    public DateTimeOffset? ClosedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    /// <summary>When retention scrubbed the patron's details and personal data from the texts; counts and times stay.</summary>
    public DateTimeOffset? AnonymisedAt { get; init; }

    public bool IsOverdue(DateTimeOffset now) => Status == TicketStatus.Open && DueAt is { } due && due < now;

    /// <summary>Some answer still waits for the mail outbox (kept as a column, not in the document).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool MailPending => Answers.Any(a => a.Delivery == Delivery.Pending);
}

/// <summary>An internal note: staff only, never emailed.</summary>
public sealed record TicketNote(string Id, string AuthorId, string AuthorName, string Text, DateTimeOffset At);

/// <summary>An answer emailed to the patron (or stored only, when email is off).</summary>
public sealed record TicketAnswer(
    string Id,
    string AuthorId,
    string AuthorName,
    string Text,
    DateTimeOffset At,
    Delivery Delivery,
    DateTimeOffset? SentAt = null,
    int Attempts = 0);

/// <summary>Which tickets a list asks for.</summary>
public sealed record TicketQuery(TicketStatus? Status, string? OwnerId, bool OverdueOnly, DateTimeOffset Now, IReadOnlyCollection<string>? Queues, int Take);

public interface ITicketStore
{
    /// <summary>Adds a ticket; a retry of the same widget request, or a second follow-up of the same chat, returns the stored one.</summary>
    Task<Ticket> AddAsync(Ticket ticket, CancellationToken ct);

    Task<Ticket?> FindAsync(string id, CancellationToken ct);

    Task ReplaceAsync(Ticket ticket, CancellationToken ct);

    /// <summary>Open and pending tickets soonest due first (no due date last); closed ones most recently closed first.</summary>
    Task<IReadOnlyList<Ticket>> ListAsync(TicketQuery query, CancellationToken ct);

    /// <summary>Open tickets due at or before <paramref name="dueBy"/> whose reminder has not gone out.</summary>
    Task<IReadOnlyList<Ticket>> ListToRemindAsync(DateTimeOffset dueBy, CancellationToken ct);

    /// <summary>Tickets with an answer still to email.</summary>
    Task<IReadOnlyList<Ticket>> ListMailPendingAsync(CancellationToken ct);
}
