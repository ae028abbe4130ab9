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
}
