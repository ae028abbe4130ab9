using AskLibrary.Chat;
using AskLibrary.Knowledge.Articles;
using AskLibrary.Tickets;

namespace AskLibrary.Patrons;

/// <summary>
/// One interaction on a patron's timeline. <see cref="Kind"/> is one of <see cref="TimelineKinds"/>; the other fields
/// are filled as the kind allows (docs/crm.md, Timeline). Titles and comments are patron text: render as text.
/// </summary>
public sealed record TimelineEntry(
    string Kind,
    DateTimeOffset At,
    string? ConversationId = null,
    string? TicketId = null,
    string? ArticleId = null,
    string? Title = null,
    string? Outcome = null,
    int? Score = null,
    string? Comment = null,
    string? Staff = null);

/// <summary>The newest <see cref="PatronTimeline.Cap"/> entries and how many there are in all.</summary>
public sealed record PatronTimeline(IReadOnlyList<TimelineEntry> Items, int Total)
{
    public const int Cap = 100;
}

public static class TimelineKinds
{
    public const string Chat = "chat";
    public const string Rating = "rating";
    public const string Ticket = "ticket";
    public const string TicketAnswered = "ticket_answered";
    public const string KbOpened = "kb_opened";
    public const string KbHelpful = "kb_helpful";
    public const string KbNotHelpful = "kb_not_helpful";
}

/// <summary>Builds a patron's unified timeline from their chats, ratings, tickets and knowledge-base feedback, newest first.</summary>
public sealed class PatronTimelineBuilder(IPatronActivityStore activity, KnowledgeService knowledge)
{
    /// <summary>Knowledge-base events read per patron; a patron with more shows the newest ones (the total says how many were read).</summary>
    private const int MaxKbEvents = 1000;

    public Task<PatronTimeline> BuildAsync(string visitorId, IReadOnlyList<Conversation> chats, CancellationToken ct) =>
        BuildAsync([visitorId], chats, ct);

    /// <summary>The timeline of a patron with several visitor ids (devices, merged profiles: PatronIdentity).</summary>
    public async Task<PatronTimeline> BuildAsync(IReadOnlyList<string> visitorIds, IReadOnlyList<Conversation> chats, CancellationToken ct)
    {
        var chatIds = chats.Select(c => c.Id).ToList();
        var tickets = new List<Ticket>();
        var kbEvents = new List<KbEvent>();
        foreach (var visitorId in visitorIds)
        {
            tickets.AddRange((await activity.ListTicketsAsync(visitorId, chatIds, ct)).Where(t => tickets.All(known => known.Id != t.Id)));
            kbEvents.AddRange(await activity.ListKbEventsAsync(visitorId, MaxKbEvents, ct));
        }
        var entries = chats.SelectMany(FromChat)
            .Concat(tickets.SelectMany(FromTicket))
            .Concat(kbEvents.Select(FromKbEvent).OfType<TimelineEntry>())
            .OrderByDescending(e => e.At)
            .ToList();
        return new PatronTimeline(entries.Take(PatronTimeline.Cap).ToList(), entries.Count);
    }

    private static IEnumerable<TimelineEntry> FromChat(Conversation c)
    {
        yield return new TimelineEntry(TimelineKinds.Chat, c.CreatedAt, ConversationId: c.Id, Title: c.Question,
            Outcome: c.State.ToString().ToLowerInvariant(), Staff: c.AssignedToName);
        if (c.Rating is { } rating)
            yield return new TimelineEntry(TimelineKinds.Rating, rating.At, ConversationId: c.Id, Score: rating.Score, Comment: rating.Comment,
                Staff: c.AssignedToName);
    }

    private static IEnumerable<TimelineEntry> FromTicket(Ticket t)
    {
        yield return new TimelineEntry(TimelineKinds.Ticket, t.CreatedAt, ConversationId: t.ConversationId, TicketId: t.Id, Title: t.Question,
            Outcome: t.Status.ToString().ToLowerInvariant(), Staff: t.OwnerName);
        foreach (var answer in t.Answers)
            yield return new TimelineEntry(TimelineKinds.TicketAnswered, answer.At, TicketId: t.Id, Title: t.Question, Staff: answer.AuthorName);
    }

    private TimelineEntry? FromKbEvent(KbEvent e)
    {
        var kind = e.Kind switch
        {
            KbEventKind.Opened => TimelineKinds.KbOpened,
            KbEventKind.Helpful => TimelineKinds.KbHelpful,
            KbEventKind.NotHelpful => TimelineKinds.KbNotHelpful,
            _ => null,
        };
        // An article deleted since keeps its id as the title, so the entry still says something.
        return kind is null ? null : new TimelineEntry(kind, e.At, ArticleId: e.ArticleId, Title: knowledge.Find(e.ArticleId)?.Title ?? e.ArticleId);
    }
}
