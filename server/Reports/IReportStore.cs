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

    /// <summary>Conversations created in [start, end), optionally in one queue: how many, how many tagged, and chats per tag.</summary>
    Task<TopicCounts> CountTopicsAsync(DateTimeOffset start, DateTimeOffset end, string? queueId, CancellationToken ct);

    /// <summary>Conversations created in [start, end), optionally in one queue: how many were answered, and chats per READ scale level.</summary>
    Task<ReadScaleCounts> CountReadScaleAsync(DateTimeOffset start, DateTimeOffset end, string? queueId, CancellationToken ct);

    /// <summary>The deadline facts of every ticket created in [start, end), optionally in one queue, oldest first.</summary>
    Task<IReadOnlyList<TicketFacts>> ListTicketFactsAsync(DateTimeOffset start, DateTimeOffset end, string? queueId, CancellationToken ct);

    /// <summary>Every chat started in [start, end) as (visitor, instant), oldest first: the segmentation's input.</summary>
    Task<IReadOnlyList<PatronChat>> ListPatronChatsAsync(DateTimeOffset start, DateTimeOffset end, CancellationToken ct);

    /// <summary>Each visitor with a chat started before <paramref name="end"/>, with the instant of their first chat.</summary>
    Task<IReadOnlyList<PatronChat>> ListFirstChatsAsync(DateTimeOffset end, CancellationToken ct);
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

/// <summary>Chats in a period, chats with at least one tag, and chats per tag (a $facet with $unwind tags and $group).</summary>
public sealed record TopicCounts(int Chats, int Tagged, IReadOnlyList<TagCount> Tags);

public sealed record TagCount(string Tag, int Chats);

/// <summary>Answered chats in a period, and chats per READ scale level (rated ones only).</summary>
public sealed record ReadScaleCounts(int Answered, IReadOnlyList<ReadScaleCount> Levels);

public sealed record ReadScaleCount(int Level, int Chats);

/// <summary>One ticket projected to its deadline: when it was due and first answered, and whether it is closed.</summary>
public sealed record TicketFacts(string QueueId, DateTimeOffset CreatedAt, DateTimeOffset? DueAt, DateTimeOffset? FirstAnswerAt, bool Closed);

/// <summary>A visitor and the instant of one of their chats.</summary>
public sealed record PatronChat(string VisitorId, DateTimeOffset At);
