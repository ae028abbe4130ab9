using AskLibrary.Patrons;
using MongoDB.Bson;
using MongoDB.Driver;

namespace AskLibrary.Storage.MongoDb;

public sealed class MongoVisitorStore(MongoStorage mongo) : IVisitorStore
{
    public static readonly IReadOnlyList<MongoIndex> Indexes =
    [
        // Blocks still in force at start (the block's _id is the visitor id).
        new(CollectionNames.VisitorBlocks, "ix_visitor_blocks_until", new BsonDocument("until", 1)),
    ];

    public async Task<Visitor?> FindAsync(string visitorId, CancellationToken ct) =>
        await mongo.Visitors.Find(new BsonDocument("_id", visitorId)).FirstOrDefaultAsync(ct);

    // Stored with the normalized card number and email that MongoPatronDirectory looks visitors up by.
    public Task UpsertAsync(Visitor visitor, CancellationToken ct) =>
        mongo.Raw(CollectionNames.Visitors).ReplaceOneAsync(new BsonDocument("_id", visitor.Id), MongoPatronDirectory.VisitorDocument(visitor), new ReplaceOptions { IsUpsert = true }, ct);

    public Task SaveBlockAsync(VisitorBlock block, CancellationToken ct) =>
        mongo.VisitorBlocks.ReplaceOneAsync(new BsonDocument("_id", block.VisitorId), block, new ReplaceOptions { IsUpsert = true }, ct);

    public Task RemoveBlockAsync(string visitorId, CancellationToken ct) =>
        mongo.VisitorBlocks.DeleteOneAsync(new BsonDocument("_id", visitorId), ct);

    public async Task<IReadOnlyList<VisitorBlock>> ListBlocksAsync(DateTimeOffset now, CancellationToken ct) =>
        await mongo.VisitorBlocks.Find(new BsonDocument("until", new BsonDocument("$gt", now.UtcDateTime))).Sort(new BsonDocument("until", 1)).ToListAsync(ct);
}
