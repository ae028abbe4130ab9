namespace AskLibrary.Tickets;

// The wire shapes of the ticket API (TicketView and friends in widget/src/shared/protocol.ts).

/// <summary>A ticket as the console shows it; Overdue is computed when it is sent.</summary>
public sealed record TicketView(
    string Id,
    string QueueId,
    TicketSource Source,
    TicketStatus Status,
    string Question,
    string Email,
    string? Name,
    DateTimeOffset CreatedAt,
    DateTimeOffset? DueAt,
    bool Overdue,
    string? OwnerId,
    string? OwnerName,
    string? ConversationId,
    DateTimeOffset? ClosedAt,
    IReadOnlyList<TicketNote> Notes,
    IReadOnlyList<TicketAnswer> Answers)
{
    public static TicketView Of(Ticket t, DateTimeOffset now) => new(
        t.Id, t.QueueId, t.Source, t.Status, t.Question, t.Email, t.Name, t.CreatedAt, t.DueAt, t.IsOverdue(now),
        t.OwnerId, t.OwnerName, t.ConversationId, t.ClosedAt, t.Notes, t.Answers);
}

/// <summary>A ticket staff write down themselves (a phone call, a letter).</summary>
public sealed record NewTicketInput(string? QueueId, string? Question, string? Email, string? Name, string? Language, bool Claim);

/// <summary>Turn a chat into a follow-up; Email defaults to the one the patron gave in the chat.</summary>
public sealed record FollowUpInput(string? Email, string? Note);

public sealed record TicketNoteInput(string? Text);

/// <summary>The answer to email; Then is "closed" (default) or "pending" (waiting for the patron).</summary>
public sealed record TicketAnswerInput(string? Text, TicketStatus? Then);

public sealed record TicketStatusInput(TicketStatus? Status);

/// <summary>What the console needs to know about the ticket settings.</summary>
public sealed record TicketSettings(bool EmailEnabled, string AnswerWithin, TimeSpan RemindBefore);
