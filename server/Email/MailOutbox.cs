using AskLibrary.Chat;
using AskLibrary.Tickets;

namespace AskLibrary.Email;

/// <summary>
/// Sends what waits to be sent, every <see cref="Interval"/> on the app's clock: transcripts of ended chats,
/// ticket answers whose first try failed, and due-date reminders.
/// </summary>
public sealed class MailOutbox(TranscriptMailer transcripts, TicketService tickets, IEmailSender email, Microsoft.Extensions.Options.IOptions<EmailOptions> options, TimeProvider time, ILogger<MailOutbox> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        if (email.Enabled)
            EmailLog.Enabled(logger, options.Value.Host!, options.Value.Port, options.Value.UseTls);
        else
            EmailLog.Disabled(logger);
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
            await RunOnceAsync(stoppingToken);
    }

    public async Task RunOnceAsync(CancellationToken ct)
    {
        try
        {
            await transcripts.SendDueAsync(ct);
            await tickets.DeliverAnswersAsync(null, ct);
            await tickets.SendRemindersAsync(ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            EmailLog.OutboxFailed(logger, ex);
        }
    }
}
