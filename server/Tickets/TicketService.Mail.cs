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
            foreach (var listed in tickets)
                foreach (var answerId in listed.Answers.Where(a => a.Delivery == Delivery.Pending).Select(a => a.Id).ToList())
                {
                    // Read again just before sending: the patron's data may have been erased since the list was read
                    // (PatronPrivacy gives up pending answers and drops the address).
                    var ticket = await store.FindAsync(listed.Id, ct);
                    if (ticket is null || ticket.AnonymisedAt is not null)
                        break;
                    if (ticket.Answers.FirstOrDefault(a => a.Id == answerId && a.Delivery == Delivery.Pending) is { } answer)
                        await DeliverAsync(ticket, answer, ct);
                }
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
            // Only the delivery is written back, onto the stored answer: an erasure during the send has scrubbed its text,
            // and a failed answer of an erased ticket has no address left to retry.
            var delivery = current.AnonymisedAt is not null && outcome.Delivery == Delivery.Pending ? Delivery.Failed : outcome.Delivery;
            await store.ReplaceAsync(current with
            {
                Answers = current.Answers.Select(a => a.Id == answer.Id ? a with { Delivery = delivery, SentAt = outcome.SentAt, Attempts = outcome.Attempts } : a).ToList(),
            }, CancellationToken.None);
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
