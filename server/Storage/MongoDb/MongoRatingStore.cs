using AskLibrary.Chat;
using AskLibrary.Ratings;
using MongoDB.Bson;
using MongoDB.Driver;

namespace AskLibrary.Storage.MongoDb;

/// <summary>"My ratings": the rated chats a librarian held last, from the conversation documents.</summary>
public sealed class MongoRatingStore(MongoStorage mongo) : IRatingStore
{
    public static readonly IReadOnlyList<MongoIndex> Indexes =
    [
        // A librarian's rated chats in a period; only rated chats are indexed.
        new(CollectionNames.Conversations, "ix_conversations_rated", new BsonDocument { { "assignedToId", 1 }, { "createdAt", -1 } },
            PartialFilter: new BsonDocument("rating.score", new BsonDocument("$exists", true))),
    ];

    /// <summary>conversations: held last by the librarian, created in [start, end), with a rating.</summary>
    public static BsonDocument RatedFilter(string staffId, DateTimeOffset start, DateTimeOffset end) => new()
    {
        { "assignedToId", staffId },
        { "createdAt", new BsonDocument { { "$gte", start.UtcDateTime }, { "$lt", end.UtcDateTime } } },
        { "rating.score", new BsonDocument("$exists", true) },
    };

    public async Task<IReadOnlyList<RatedChat>> ListRatedAsync(string staffId, DateTimeOffset start, DateTimeOffset end, CancellationToken ct)
    {
        var rated = await mongo.Conversations.Find(RatedFilter(staffId, start, end))
            .Sort(new BsonDocument { { "createdAt", -1 }, { "_id", 1 } }).ToListAsync(ct);
        return rated.Select(c => new RatedChat(c.Id, c.QueueId, c.CreatedAt, c.Rating!.Score, c.Rating.Comment, c.Rating.At)).ToList();
    }
}
