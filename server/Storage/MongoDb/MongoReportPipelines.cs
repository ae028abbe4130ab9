using AskLibrary.Knowledge.Articles;
using MongoDB.Bson;

namespace AskLibrary.Storage.MongoDb;

/// <summary>
/// The report pipelines, built as documents so tests can render them and compare them with docs/storage.md.
/// Each gives the numbers of the matching SQL in SqliteReportStore; the bucketing stays in C# (ReportCatalog).
/// </summary>
public static class MongoReportPipelines
{
    /// <summary>conversations: created in [start, end), optionally one queue, oldest first, seven fields each.</summary>
    public static BsonDocument[] ConversationFacts(DateTimeOffset start, DateTimeOffset end, string? queueId)
    {
        var match = new BsonDocument("createdAt", new BsonDocument { { "$gte", start.UtcDateTime }, { "$lt", end.UtcDateTime } });
        if (queueId is not null)
            match.Add("queueId", queueId);
        return
        [
            new("$match", match),
            new("$sort", new BsonDocument { { "createdAt", 1 }, { "_id", 1 } }),
            new("$project", new BsonDocument
            {
                { "_id", 0 }, { "queueId", 1 }, { "state", 1 }, { "createdAt", 1 }, { "acceptedAt", 1 },
                { "firstResponseAt", 1 }, { "closedAt", 1 }, { "ratingScore", "$rating.score" },
            }),
        ];
    }

    /// <summary>kb_events: events in [start, end) counted per article and kind, with the article's title.</summary>
    public static BsonDocument[] KbEventCounts(DateTimeOffset start, DateTimeOffset end) =>
    [
        new("$match", new BsonDocument("at", new BsonDocument { { "$gte", start.UtcDateTime }, { "$lt", end.UtcDateTime } })),
        new("$group", new BsonDocument
        {
            { "_id", new BsonDocument { { "articleId", "$articleId" }, { "kind", "$kind" } } },
            { "count", new BsonDocument("$sum", 1) },
        }),
        new("$lookup", new BsonDocument { { "from", CollectionNames.KbArticles }, { "localField", "_id.articleId" }, { "foreignField", "_id" }, { "as", "article" } }),
        new("$project", new BsonDocument
        {
            { "_id", 0 }, { "articleId", "$_id.articleId" }, { "kind", "$_id.kind" }, { "count", 1 },
            { "title", new BsonDocument("$arrayElemAt", new BsonArray { "$article.title", 0 }) },
        }),
        new("$sort", new BsonDocument { { "articleId", 1 }, { "kind", 1 } }),
    ];

    /// <summary>
    /// kb_events: visitors who opened an article in [start, end), and how many of them started no chat within
    /// <paramref name="window"/> after any of their opens — a $lookup per open, then two $groups.
    /// </summary>
    public static BsonDocument[] Deflection(DateTimeOffset start, DateTimeOffset end, TimeSpan window) =>
    [
        new("$match", new BsonDocument
        {
            { "kind", SnakeCaseEnumSerializer<KbEventKind>.Name(KbEventKind.Opened) },
            { "at", new BsonDocument { { "$gte", start.UtcDateTime }, { "$lt", end.UtcDateTime } } },
            { "visitorId", new BsonDocument("$ne", BsonNull.Value) },
        }),
        new("$lookup", new BsonDocument
        {
            { "from", CollectionNames.Conversations },
            { "let", new BsonDocument { { "visitor", "$visitorId" }, { "openedAt", "$at" } } },
            { "pipeline", new BsonArray
                {
                    new BsonDocument("$match", new BsonDocument("$expr", new BsonDocument("$and", new BsonArray
                    {
                        new BsonDocument("$eq", new BsonArray { "$visitorId", "$$visitor" }),
                        new BsonDocument("$gte", new BsonArray { "$createdAt", "$$openedAt" }),
                        new BsonDocument("$lt", new BsonArray { "$createdAt", new BsonDocument("$add", new BsonArray { "$$openedAt", (long)window.TotalMilliseconds }) }),
                    }))),
                    new BsonDocument("$limit", 1),
                    new BsonDocument("$project", new BsonDocument("_id", 1)),
                }
            },
            { "as", "chats" },
        }),
        new("$group", new BsonDocument
        {
            { "_id", "$visitorId" },
            { "chatted", new BsonDocument("$max", new BsonDocument("$gt", new BsonArray { new BsonDocument("$size", "$chats"), 0 })) },
        }),
        new("$group", new BsonDocument
        {
            { "_id", BsonNull.Value },
            { "opened", new BsonDocument("$sum", 1) },
            { "deflected", new BsonDocument("$sum", new BsonDocument("$cond", new BsonArray { "$chatted", 0, 1 })) },
        }),
    ];
    private static BsonDocument CreatedIn(DateTimeOffset start, DateTimeOffset end, string? queueId)
    {
        var match = new BsonDocument("createdAt", new BsonDocument { { "$gte", start.UtcDateTime }, { "$lt", end.UtcDateTime } });
        if (queueId is not null)
            match.Add("queueId", queueId);
        return match;
    }

    /// <summary>
    /// conversations: chats created in [start, end), optionally one queue; how many, how many have a tag, and chats
    /// per tag — one $facet, because the per-tag branch $unwinds and would lose the untagged chats.
    /// </summary>
    public static BsonDocument[] TopicCounts(DateTimeOffset start, DateTimeOffset end, string? queueId) =>
    [
        new("$match", CreatedIn(start, end, queueId)),
        new("$facet", new BsonDocument
        {
            { "totals", new BsonArray
                {
                    new BsonDocument("$group", new BsonDocument
                    {
                        { "_id", BsonNull.Value },
                        { "chats", new BsonDocument("$sum", 1) },
                        { "tagged", new BsonDocument("$sum", new BsonDocument("$cond", new BsonArray
                            {
                                new BsonDocument("$gt", new BsonArray { new BsonDocument("$size", new BsonDocument("$ifNull", new BsonArray { "$tags", new BsonArray() })), 0 }),
                                1, 0,
                            })) },
                    }),
                }
            },
            { "perTag", new BsonArray
                {
                    new BsonDocument("$unwind", "$tags"),
                    new BsonDocument("$group", new BsonDocument { { "_id", "$tags" }, { "chats", new BsonDocument("$sum", 1) } }),
                }
            },
        }),
    ];

    /// <summary>
    /// conversations: chats created in [start, end), optionally one queue, grouped by READ scale level (null: not
    /// rated), each group with its chats and its answered chats (acceptedAt set).
    /// </summary>
    public static BsonDocument[] ReadScaleCounts(DateTimeOffset start, DateTimeOffset end, string? queueId) =>
    [
        new("$match", CreatedIn(start, end, queueId)),
        new("$group", new BsonDocument
        {
            { "_id", "$readScale" },
            { "chats", new BsonDocument("$sum", 1) },
            { "answered", new BsonDocument("$sum", new BsonDocument("$cond", new BsonArray
                {
                    new BsonDocument("$ne", new BsonArray { new BsonDocument("$ifNull", new BsonArray { "$acceptedAt", BsonNull.Value }), BsonNull.Value }),
                    1, 0,
                })) },
        }),
    ];

    /// <summary>tickets: created in [start, end), optionally one queue, oldest first, with the first answer's instant.</summary>
    public static BsonDocument[] TicketFacts(DateTimeOffset start, DateTimeOffset end, string? queueId) =>
    [
        new("$match", CreatedIn(start, end, queueId)),
        new("$sort", new BsonDocument { { "createdAt", 1 }, { "_id", 1 } }),
        new("$project", new BsonDocument
        {
            { "_id", 0 }, { "queueId", 1 }, { "createdAt", 1 }, { "dueAt", 1 },
            // Answers are appended in time order, so the first one is the first answer ($arrayElemAt, not $first: MongoDB 4.2).
            { "firstAnswerAt", new BsonDocument("$arrayElemAt", new BsonArray { "$answers.at", 0 }) },
            { "closed", new BsonDocument("$eq", new BsonArray { "$status", SnakeCaseEnumSerializer<AskLibrary.Tickets.TicketStatus>.Name(AskLibrary.Tickets.TicketStatus.Closed) }) },
        }),
    ];

    /// <summary>conversations: every chat created in [start, end) as (visitorId, createdAt), oldest first.</summary>
    public static BsonDocument[] PatronChats(DateTimeOffset start, DateTimeOffset end) =>
    [
        new("$match", CreatedIn(start, end, null)),
        new("$sort", new BsonDocument { { "createdAt", 1 }, { "_id", 1 } }),
        new("$project", new BsonDocument { { "_id", 0 }, { "visitorId", 1 }, { "createdAt", 1 } }),
    ];

    /// <summary>conversations: each visitor with a chat created before <paramref name="end"/>, with their first chat's instant.</summary>
    public static BsonDocument[] FirstChats(DateTimeOffset end) =>
    [
        new("$match", new BsonDocument("createdAt", new BsonDocument("$lt", end.UtcDateTime))),
        new("$group", new BsonDocument { { "_id", "$visitorId" }, { "first", new BsonDocument("$min", "$createdAt") } }),
    ];
}
