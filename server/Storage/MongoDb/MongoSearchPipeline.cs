using System.Text.RegularExpressions;
using AskLibrary.Chat;
using MongoDB.Bson;

namespace AskLibrary.Storage.MongoDb;

/// <summary>
/// Transcript search as one aggregation: the conversation filter, a $lookup for one message containing the
/// text (case-insensitive, like SQLite's LIKE), then total and page from one $facet. docs/storage.md shows it.
/// </summary>
public static class MongoSearchPipeline
{
    public static BsonDocument[] Transcripts(TranscriptQuery query)
    {
        var match = new BsonDocument();
        var created = new BsonDocument();
        if (query.From is { } from) created.Add("$gte", from.UtcDateTime);
        if (query.To is { } to) created.Add("$lt", to.UtcDateTime);
        if (created.ElementCount > 0) match.Add("createdAt", created);
        if (query.QueueId is { } queue) match.Add("queueId", queue);

        var stages = new List<BsonDocument> { new("$match", match) };
        if (!string.IsNullOrWhiteSpace(query.Text))
        {
            stages.Add(new BsonDocument("$lookup", new BsonDocument
            {
                { "from", CollectionNames.Messages },
                { "let", new BsonDocument("id", "$_id") },
                { "pipeline", new BsonArray
                    {
                        new BsonDocument("$match", new BsonDocument("$expr", new BsonDocument("$eq", new BsonArray { "$conversationId", "$$id" }))),
                        new BsonDocument("$match", new BsonDocument("text", new BsonRegularExpression(Regex.Escape(query.Text.Trim()), "i"))),
                        new BsonDocument("$limit", 1),
                        new BsonDocument("$project", new BsonDocument("_id", 1)),
                    }
                },
                { "as", "_hit" },
            }));
            stages.Add(new BsonDocument("$match", new BsonDocument("_hit.0", new BsonDocument("$exists", true))));
        }
        stages.Add(new BsonDocument("$facet", new BsonDocument
        {
            { "total", new BsonArray { new BsonDocument("$count", "n") } },
            { "items", new BsonArray
                {
                    new BsonDocument("$sort", new BsonDocument { { "createdAt", -1 }, { "_id", 1 } }),
                    new BsonDocument("$skip", query.Skip),
                    new BsonDocument("$limit", query.Take),
                    new BsonDocument("$project", new BsonDocument("_hit", 0)),
                }
            },
        }));
        return [.. stages];
    }
}
