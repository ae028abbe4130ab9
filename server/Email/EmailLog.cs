namespace AskLibrary.Email;

// Addresses and bodies are personal data: they are never logged at Information or above.
internal static partial class EmailLog
{
    [LoggerMessage(100, LogLevel.Warning, "Email is off: AskLibrary:Email:Host is not set. Ticket answers are stored but not emailed; transcripts and reminders are not sent.")]
    public static partial void Disabled(ILogger logger);

    [LoggerMessage(101, LogLevel.Information, "Email sending through {Host}:{Port} (TLS {UseTls})")]
    public static partial void Enabled(ILogger logger, string host, int port, bool useTls);

    [LoggerMessage(102, LogLevel.Debug, "Sent message {MessageId} through {Host}")]
    public static partial void Sent(ILogger logger, string host, string messageId);

    [LoggerMessage(103, LogLevel.Warning, "Sending {What} {Id} failed (attempt {Attempt}); it will be retried")]
    public static partial void SendFailed(ILogger logger, Exception exception, string what, string id, int attempt);

    [LoggerMessage(104, LogLevel.Error, "Gave up sending {What} {Id} after {Attempts} attempts")]
    public static partial void GaveUp(ILogger logger, string what, string id, int attempts);

    [LoggerMessage(105, LogLevel.Error, "The mail outbox failed; it runs again at the next interval")]
    public static partial void OutboxFailed(ILogger logger, Exception exception);

    [LoggerMessage(106, LogLevel.Information, "Reminder for ticket {TicketId} sent")]
    public static partial void Reminded(ILogger logger, string ticketId);

    [LoggerMessage(107, LogLevel.Information, "Reminder for ticket {TicketId} skipped: neither its owner nor AskLibrary:Tickets:DeskEmail has an address")]
    public static partial void NoReminderAddress(ILogger logger, string ticketId);
}
