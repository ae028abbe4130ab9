using System.ComponentModel.DataAnnotations;

namespace AskLibrary.Tickets;

/// <summary>Ticket deadlines and reminders (AskLibrary:Tickets).</summary>
public sealed class TicketOptions
{
    /// <summary>"N working days" or "N working hours", counted in the queue's opening hours (TicketDeadline).</summary>
    public string AnswerWithin { get; set; } = "1 working day";

    /// <summary>How long before the due date the owner (or the desk) is reminded, once; 00:00:00 turns reminders off.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "30.00:00:00")]
    public TimeSpan RemindBefore { get; set; } = TimeSpan.FromHours(4);

    /// <summary>Reminders for tickets whose owner has no email address, or that nobody owns, go here.</summary>
    [EmailAddress]
    public string? DeskEmail { get; set; }

    public AnswerWithin Deadline => Tickets.AnswerWithin.TryParse(AnswerWithin, out var within) ? within
        : throw new InvalidOperationException("AskLibrary:Tickets:AnswerWithin was validated at start.");
}
