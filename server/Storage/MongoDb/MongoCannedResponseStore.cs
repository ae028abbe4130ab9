using AskLibrary.Staff;
using MongoDB.Bson;
using MongoDB.Driver;

namespace AskLibrary.Storage.MongoDb;

public sealed class MongoCannedResponseStore(MongoStorage mongo) : ICannedResponseStore
{
    public static readonly IReadOnlyList<MongoIndex> Indexes =
    [
        new(CollectionNames.CannedResponses, "ix_canned_responses_owner", new BsonDocument { { "ownerId", 1 }, { "title", 1 } }),
    ];

    /// <summary>Shared ones first (a missing ownerId sorts before any string), then by title.</summary>
    public async Task<IReadOnlyList<CannedResponseRecord>> ListForAsync(string staffId, CancellationToken ct) =>
        await mongo.CannedResponses.Find(new BsonDocument("ownerId", new BsonDocument("$in", new BsonArray { BsonNull.Value, staffId })))
            .Sort(new BsonDocument { { "ownerId", 1 }, { "title", 1 } }).ToListAsync(ct);

    public async Task<CannedResponseRecord?> FindAsync(string id, CancellationToken ct) =>
        await mongo.CannedResponses.Find(new BsonDocument("_id", id)).FirstOrDefaultAsync(ct);

    public Task SaveAsync(CannedResponseRecord response, CancellationToken ct) =>
        mongo.CannedResponses.ReplaceOneAsync(new BsonDocument("_id", response.Id), response, new ReplaceOptions { IsUpsert = true }, ct);

    public Task DeleteAsync(string id, CancellationToken ct) =>
        mongo.CannedResponses.DeleteOneAsync(new BsonDocument("_id", id), ct);
}
