namespace AskLibrary.Email;

/// <summary>One email: plain text always, and HTML built from escaped text only.</summary>
public sealed record EmailMessage(string To, string Subject, string Text, string Html);

/// <summary>The seam to the mail server; tests use a real SMTP server, so there is one implementation plus "off".</summary>
public interface IEmailSender
{
    bool Enabled { get; }

    /// <summary>Sends or throws (<see cref="EmailException"/> for a refusal or an unreachable server).</summary>
    Task SendAsync(EmailMessage message, CancellationToken ct);
}

/// <summary>A send that failed; its message names the server and the SMTP status, never addresses or text.</summary>
public sealed class EmailException(string message) : Exception(message);
