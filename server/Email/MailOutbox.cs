using AskLibrary.Chat;
using AskLibrary.Tickets;

namespace AskLibrary.Email;

/// <summary>
/// Sends what waits to be sent, every <see cref="Interval"/> on the app's clock: transcripts of ended chats,
/// ticket answers whose first try failed, and due-date reminders.
/// </summary>
public sealed class MailOutbox(TranscriptMailer transcripts, TicketService tickets, IEmailSender email, Microsoft.Extensions.Options.IOptions<EmailOptions> options, TimeProvider time, Cluster.IClusterCoordinator cluster, ILogger<MailOutbox> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);
    private readonly SemaphoreSlim _running = new(1, 1);

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
            if (cluster.IsLeader) // one node sends, so nothing goes out twice
                await RunOnceAsync(stoppingToken);
    }

    /// <summary>One pass; a pass asked for while another runs waits for it, so the two never send the same thing.</summary>
    public async Task RunOnceAsync(CancellationToken ct)
    {
        await _running.WaitAsync(ct);
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
        finally
        {
            _running.Release();
        }
    }
}
