using AskLibrary.Email;

namespace AskLibrary.Tickets;

// Emails of tickets: answers to patrons, reminders to staff. Sending happens outside the ticket gate
// (a slow mail server must not hold up claims), under a mail gate of its own so the outbox and an
// answer being sent right now never send the same answer twice.
public sealed partial class TicketService
{
    public const int MaxAttempts = 10;
    private readonly SemaphoreSlim _mailGate = new(1, 1);

    /// <summary>Sends every pending answer of one ticket, or of all tickets when <paramref name="ticketId"/> is null.</summary>
    public async Task DeliverAnswersAsync(string? ticketId, CancellationToken ct)
    {
        if (!email.Enabled)
            return;
        await _mailGate.WaitAsync(ct);
        try
        {
            var tickets = ticketId is null
                ? await store.ListMailPendingAsync(ct)
                : await store.FindAsync(ticketId, ct) is { } one ? [one] : [];
            foreach (var ticket in tickets)
                foreach (var answer in ticket.Answers.Where(a => a.Delivery == Delivery.Pending))
                    await DeliverAsync(ticket, answer, ct);
        }
        finally
        {
            _mailGate.Release();
        }
    }

    private async Task DeliverAsync(Ticket ticket, TicketAnswer answer, CancellationToken ct)
    {
        TicketAnswer outcome;
        try
        {
            await email.SendAsync(TicketEmails.Answer(ticket, answer), ct);
            outcome = answer with { Delivery = Delivery.Sent, SentAt = Now, Attempts = answer.Attempts + 1 };
        }
        catch (EmailException ex)
        {
            var attempts = answer.Attempts + 1;
            EmailLog.SendFailed(logger, ex, "ticket answer", answer.Id, attempts);
            if (attempts >= MaxAttempts)
                EmailLog.GaveUp(logger, "ticket answer", answer.Id, attempts);
            outcome = answer with { Delivery = attempts >= MaxAttempts ? Delivery.Failed : Delivery.Pending, Attempts = attempts };
        }
        await UnderGateAsync(async () =>
        {
            var current = await store.FindAsync(ticket.Id, CancellationToken.None);
            if (current is null)
                return true;
            await store.ReplaceAsync(current with { Answers = current.Answers.Select(a => a.Id == answer.Id ? outcome : a).ToList() }, CancellationToken.None);
            return true;
        });
    }

    /// <summary>
    /// Reminds the owner (their account's email, else AskLibrary:Tickets:DeskEmail) of every open ticket due
    /// within RemindBefore, once per ticket: the reminder is marked before it is sent, so a crash between the
    /// two loses a reminder rather than sending it twice.
    /// </summary>
    public async Task SendRemindersAsync(CancellationToken ct)
    {
        var before = options.Value.RemindBefore;
        if (!email.Enabled || before <= TimeSpan.Zero)
            return;
        foreach (var due in await store.ListToRemindAsync(Now + before, ct))
        {
            var marked = await UnderGateAsync(async () =>
            {
                var current = await store.FindAsync(due.Id, CancellationToken.None);
                if (current is null || current.RemindedAt is not null || current.Status != TicketStatus.Open)
                    return null;
                current = current with { RemindedAt = Now };
                await store.ReplaceAsync(current, CancellationToken.None);
                return current;
            });
            if (marked is null)
                continue;
            var to = (marked.OwnerId is { } owner ? (await staff.FindAsync(owner, ct))?.Email : null) ?? options.Value.DeskEmail;
            if (to is null)
            {
                EmailLog.NoReminderAddress(logger, marked.Id);
                continue;
            }
            try
            {
                await email.SendAsync(TicketEmails.Reminder(marked, to), ct);
                EmailLog.Reminded(logger, marked.Id);
            }
            catch (EmailException ex)
            {
                EmailLog.SendFailed(logger, ex, "ticket reminder", marked.Id, 1);
            }
        }
    }
}
