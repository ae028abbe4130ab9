using AskLibrary.Knowledge.Articles;
using AskLibrary.Tickets;

namespace AskLibrary.Patrons;

/// <summary>
/// A patron's contacts outside their chats, shaped by the profile timeline and the privacy rules: the tickets
/// they left (or that their chats became) and what they did in the knowledge base.
/// </summary>
public interface IPatronActivityStore
{
    /// <summary>Tickets the visitor left, or that one of <paramref name="conversationIds"/> became, newest first.</summary>
    Task<IReadOnlyList<Ticket>> ListTicketsAsync(string visitorId, IReadOnlyCollection<string> conversationIds, CancellationToken ct);

    /// <summary>The visitor's knowledge-base events other than "shown" (opened, helpful, not helpful), newest first, at most <paramref name="take"/>.</summary>
    Task<IReadOnlyList<KbEvent>> ListKbEventsAsync(string visitorId, int take, CancellationToken ct);

    /// <summary>Unlinks the visitor's knowledge-base events (visitor id and query dropped; article, kind and time stay for the statistics). Returns how many.</summary>
    Task<int> ForgetKbEventsAsync(string visitorId, CancellationToken ct);

    /// <summary>The same for every visitor's events before <paramref name="before"/> (retention).</summary>
    Task<int> ForgetKbEventsBeforeAsync(DateTimeOffset before, CancellationToken ct);
}
