using MongoDB.Bson;
using MongoDB.Driver;

namespace AskLibrary.Storage.MongoDb;

/// <summary>
/// One index a store's queries need. Each store declares its indexes beside its queries (a static
/// Indexes list); <see cref="MongoIndexCreator"/> creates them all at start.
/// </summary>
public sealed record MongoIndex(string Collection, string Name, BsonDocument Keys, bool Unique = false, BsonDocument? PartialFilter = null, Collation? Collation = null)
{
    public CreateIndexModel<BsonDocument> ToModel() => new(
        new BsonDocumentIndexKeysDefinition<BsonDocument>(Keys),
        new CreateIndexOptions<BsonDocument>
        {
            Name = Name,
            Unique = Unique ? true : null,
            PartialFilterExpression = PartialFilter is null ? null : new BsonDocumentFilterDefinition<BsonDocument>(PartialFilter),
            Collation = Collation,
        });

    /// <summary>Every index of every MongoDB store, in the order they are created.</summary>
    public static IReadOnlyList<MongoIndex> All =>
    [
        .. MongoPatronDirectory.Indexes,
        .. MongoConversationStore.Indexes, .. MongoTicketStore.Indexes, .. MongoTranscriptRequestStore.Indexes,
        .. MongoVisitorStore.Indexes, .. MongoStaffStore.Indexes, .. MongoCannedResponseStore.Indexes,
        .. MongoAuditStore.Indexes, .. MongoKnowledgeStore.Indexes, .. MongoPatronActivityStore.Indexes, .. MongoRatingStore.Indexes,
        .. MongoRetentionStore.Indexes,
    ];
}

/// <summary>Creates the indexes at start, before other hosted services read the store (createIndexes is idempotent).</summary>
public sealed partial class MongoIndexCreator(MongoStorage mongo, ILogger<MongoIndexCreator> log) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var group in MongoIndex.All.GroupBy(i => i.Collection))
            await mongo.Raw(group.Key).Indexes.CreateManyAsync(group.Select(i => i.ToModel()), cancellationToken);
        LogIndexesReady(log, MongoIndex.All.Count, mongo.Database.DatabaseNamespace.DatabaseName);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "MongoDB store ready: {Count} indexes in database {Database}.")]
    private static partial void LogIndexesReady(ILogger logger, int count, string database);
}
