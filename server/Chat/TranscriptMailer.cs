using System.Globalization;
using System.Text;
using AskLibrary.Chat.Contracts;
using AskLibrary.Email;

namespace AskLibrary.Chat;

/// <summary>
/// Emails the transcripts patrons asked for, once their chat has ended (so the transcript is whole).
/// Internal notes never leave: the transcript is read the way the patron sees it.
/// </summary>
public sealed class TranscriptMailer(ITranscriptRequestStore requests, IConversationStore conversations, IEmailSender email, TimeProvider time, ILogger<TranscriptMailer> logger)
{
    public const int MaxAttempts = 10;

    public async Task SendDueAsync(CancellationToken ct)
    {
        if (!email.Enabled)
            return;
        foreach (var request in await requests.ListUnsentAsync(MaxAttempts, ct))
        {
            var conversation = await conversations.FindAsync(request.ConversationId, ct);
            if (conversation is null || conversation.IsOpen)
                continue;
            var messages = await conversations.ListMessagesAsync(conversation.Id, 0, includeNotes: false, ct);
            try
            {
                await email.SendAsync(Compose(conversation, messages, request.Email), ct);
                await requests.ReplaceAsync(request with { SentAt = time.GetUtcNow(), Attempts = request.Attempts + 1 }, ct);
            }
            catch (EmailException ex)
            {
                EmailLog.SendFailed(logger, ex, "transcript", request.Id, request.Attempts + 1);
                if (request.Attempts + 1 >= MaxAttempts)
                    EmailLog.GaveUp(logger, "transcript", request.Id, MaxAttempts);
                await requests.ReplaceAsync(request with { Attempts = request.Attempts + 1 }, ct);
            }
        }
    }

    public static EmailMessage Compose(Conversation c, IEnumerable<StoredMessage> messages, string to)
    {
        var zh = c.Language != "en";
        var subject = zh ? "您与图书馆的咨询记录" : "Your chat with the library";
        var lines = messages.Where(m => m.Kind != MessageKind.Note)
            .Select(m => (Label: $"{m.At.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC · {Author(m, zh)}", m.Text))
            .ToList();
        var text = new StringBuilder(subject).Append("\n\n");
        foreach (var (label, body) in lines)
            text.Append(label).Append('\n').Append(body).Append("\n\n");
        return new EmailMessage(to, $"{subject} [{c.Id}]", text.ToString(), SafeHtml.Document(subject, lines.Select(l => ((string?)l.Label, l.Text))));
    }

    private static string Author(StoredMessage m, bool zh) => m.Kind switch
    {
        MessageKind.Patron => m.AuthorName ?? (zh ? "读者" : "You"),
        MessageKind.Librarian => m.AuthorName ?? (zh ? "馆员" : "Librarian"),
        _ => zh ? "系统" : "System",
    };
}
