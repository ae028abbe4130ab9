using AskLibrary.Chat;
using MongoDB.Bson;
using MongoDB.Driver;

namespace AskLibrary.Storage.MongoDb;

public sealed class MongoTranscriptRequestStore(MongoStorage mongo) : ITranscriptRequestStore
{
    public static readonly IReadOnlyList<MongoIndex> Indexes =
    [
        new(CollectionNames.TranscriptRequests, "ix_transcript_requests_conversation", new BsonDocument { { "conversationId", 1 }, { "requestedAt", 1 } }),
        // The mail outbox: not sent yet, fewer attempts than the limit.
        new(CollectionNames.TranscriptRequests, "ix_transcript_requests_pending", new BsonDocument { { "sentAt", 1 }, { "attempts", 1 } }),
    ];

    public Task AddAsync(TranscriptRequestRecord request, CancellationToken ct) =>
        mongo.TranscriptRequests.InsertOneAsync(request, cancellationToken: ct);

    public async Task<IReadOnlyList<TranscriptRequestRecord>> ListForConversationAsync(string conversationId, CancellationToken ct) =>
        await mongo.TranscriptRequests.Find(new BsonDocument("conversationId", conversationId)).Sort(new BsonDocument("requestedAt", 1)).ToListAsync(ct);

    public async Task<IReadOnlyList<TranscriptRequestRecord>> ListUnsentAsync(int maxAttempts, CancellationToken ct) =>
        await mongo.TranscriptRequests.Find(new BsonDocument { { "sentAt", BsonNull.Value }, { "attempts", new BsonDocument("$lt", maxAttempts) } })
            .Sort(new BsonDocument("requestedAt", 1)).Limit(100).ToListAsync(ct);

    public Task ReplaceAsync(TranscriptRequestRecord request, CancellationToken ct) =>
        mongo.TranscriptRequests.ReplaceOneAsync(new BsonDocument("_id", request.Id), request, cancellationToken: ct);
}
