using System.Globalization;
using AskLibrary.Email;

namespace AskLibrary.Tickets;

/// <summary>What ticket emails say: the answer to the patron (in their language), the reminder to staff.</summary>
public static class TicketEmails
{
    public static EmailMessage Answer(Ticket ticket, TicketAnswer answer)
    {
        var zh = ticket.Language != "en";
        var subject = zh ? "图书馆对您的咨询的答复" : "The library's answer to your question";
        var greeting = zh ? $"{ticket.Name ?? "读者"}，您好：" : $"Dear {ticket.Name ?? "reader"},";
        var yourQuestion = zh ? "您的问题：" : "Your question:";
        var signature = zh ? $"{answer.AuthorName}\n参考咨询台" : $"{answer.AuthorName}\nReference desk";
        var text = $"{greeting}\n\n{answer.Text}\n\n{signature}\n\n{yourQuestion}\n{ticket.Question}\n";
        var html = SafeHtml.Document(subject, [(null, greeting), (null, answer.Text), (null, signature), (yourQuestion, ticket.Question)]);
        return new EmailMessage(ticket.Email, $"{subject} [{ticket.Id}]", text, html);
    }

    public static EmailMessage Reminder(Ticket ticket, string to)
    {
        var due = ticket.DueAt?.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) ?? "-";
        var subject = $"Ticket {ticket.Id} is due {due}";
        var text = $"Ticket {ticket.Id} in queue {ticket.QueueId} is due {due} and still open.\nOwner: {ticket.OwnerName ?? "nobody"}\n\nQuestion:\n{ticket.Question}\n";
        var html = SafeHtml.Document(subject, [(null, $"Ticket {ticket.Id} in queue {ticket.QueueId} is due {due} and still open."),
            ("Owner", ticket.OwnerName ?? "nobody"), ("Question", ticket.Question)]);
        return new EmailMessage(to, subject, text, html);
    }
}
