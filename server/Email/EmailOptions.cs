using System.ComponentModel.DataAnnotations;

namespace AskLibrary.Email;

/// <summary>
/// The SMTP server that sends answers, transcripts and reminders (AskLibrary:Email). No Host means email
/// is off: answers are still stored, and the console says they were not emailed.
/// </summary>
public sealed class EmailOptions
{
    public string? Host { get; set; }

    [Range(1, 65535)]
    public int Port { get; set; } = 587;

    /// <summary>true: TLS required (implicit TLS on port 465, STARTTLS otherwise); false: plain SMTP, for a relay on the same host.</summary>
    public bool UseTls { get; set; } = true;

    /// <summary>Sign in only when set.</summary>
    public string? UserName { get; set; }

    public string? Password { get; set; }

    /// <summary>The sender, e.g. "Ask a Librarian &lt;ask@library.example.edu&gt;". Required when Host is set.</summary>
    public string? From { get; set; }

    public bool Enabled => !string.IsNullOrWhiteSpace(Host);

    public static bool IsValid(EmailOptions options) =>
        !options.Enabled || (MimeKit.MailboxAddress.TryParse(options.From ?? "", out _) && !string.IsNullOrWhiteSpace(options.From));

    public const string Rules = "AskLibrary:Email:From must be a mail address (\"Name <ask@library.example>\") when AskLibrary:Email:Host is set.";
}
