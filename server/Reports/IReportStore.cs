using AskLibrary.Chat.Contracts;

namespace AskLibrary.Reports;

/// <summary>
/// What the reports read from the store. Each method is one query a MongoDB aggregation pipeline can
/// answer too (see docs/reports.md): a $match on created/at, a $project or $group, and for deflection a $lookup.
/// </summary>
public interface IReportStore
{
    /// <summary>The timing facts of every conversation created in [start, end), optionally in one queue, oldest first.</summary>
    Task<IReadOnlyList<ConversationFacts>> ListConversationFactsAsync(DateTimeOffset start, DateTimeOffset end, string? queueId, CancellationToken ct);

    /// <summary>Knowledge-base events in [start, end) counted per article and kind, with the article's title.</summary>
    Task<IReadOnlyList<KbEventCount>> CountKbEventsAsync(DateTimeOffset start, DateTimeOffset end, CancellationToken ct);

    /// <summary>
    /// Patrons (visitor ids) who opened an article in [start, end), and how many of them started no chat
    /// within <paramref name="window"/> after any of their opens.
    /// </summary>
    Task<DeflectionCounts> CountDeflectionAsync(DateTimeOffset start, DateTimeOffset end, TimeSpan window, CancellationToken ct);
}

/// <summary>One conversation projected to what the reports need (a $project stage).</summary>
public sealed record ConversationFacts(
    string QueueId,
    ConversationState State,
    DateTimeOffset CreatedAt,
    DateTimeOffset? AcceptedAt,
    DateTimeOffset? FirstResponseAt,
    DateTimeOffset? ClosedAt,
    int? RatingScore);

public sealed record KbEventCount(string ArticleId, string? Title, string Kind, int Count);

public sealed record DeflectionCounts(int VisitorsOpened, int VisitorsDeflected);
