using AskLibrary.Chat.Contracts;
using AskLibrary.Knowledge.Articles;
using AskLibrary.Reports;
using MongoDB.Bson;
using MongoDB.Driver;

namespace AskLibrary.Storage.MongoDb;

/// <summary>The reports' three queries as the aggregation pipelines in <see cref="MongoReportPipelines"/>.</summary>
public sealed class MongoReportStore(MongoStorage mongo) : IReportStore
{
    public async Task<IReadOnlyList<ConversationFacts>> ListConversationFactsAsync(DateTimeOffset start, DateTimeOffset end, string? queueId, CancellationToken ct)
    {
        var rows = await mongo.Raw(CollectionNames.Conversations)
            .Aggregate<BsonDocument>(MongoReportPipelines.ConversationFacts(start, end, queueId), cancellationToken: ct).ToListAsync(ct);
        return rows.Select(r => new ConversationFacts(
            r["queueId"].AsString,
            SnakeCaseEnumSerializer<ConversationState>.Parse(r["state"].AsString),
            Instant(r["createdAt"])!.Value,
            Instant(r.GetValue("acceptedAt", BsonNull.Value)),
            Instant(r.GetValue("firstResponseAt", BsonNull.Value)),
            Instant(r.GetValue("closedAt", BsonNull.Value)),
            r.GetValue("ratingScore", BsonNull.Value) is { IsBsonNull: false } score ? score.ToInt32() : null)).ToList();
    }

    public async Task<IReadOnlyList<KbEventCount>> CountKbEventsAsync(DateTimeOffset start, DateTimeOffset end, CancellationToken ct)
    {
        var rows = await mongo.Raw(CollectionNames.KbEvents)
            .Aggregate<BsonDocument>(MongoReportPipelines.KbEventCounts(start, end), cancellationToken: ct).ToListAsync(ct);
        // The report names kinds as the C# enum does ("NotHelpful"), as the SQLite kind column holds them.
        return rows.Select(r => new KbEventCount(
            r["articleId"].AsString,
            r.GetValue("title", BsonNull.Value) is { IsString: true } title ? title.AsString : null,
            SnakeCaseEnumSerializer<KbEventKind>.Parse(r["kind"].AsString).ToString(),
            r["count"].ToInt32())).ToList();
    }

    public async Task<DeflectionCounts> CountDeflectionAsync(DateTimeOffset start, DateTimeOffset end, TimeSpan window, CancellationToken ct)
    {
        var row = await mongo.Raw(CollectionNames.KbEvents)
            .Aggregate<BsonDocument>(MongoReportPipelines.Deflection(start, end, window), cancellationToken: ct).FirstOrDefaultAsync(ct);
        return row is null ? new DeflectionCounts(0, 0) : new DeflectionCounts(row["opened"].ToInt32(), row["deflected"].ToInt32());
    }

    private static DateTimeOffset? Instant(BsonValue value) =>
        value.IsBsonNull ? null : new DateTimeOffset(value.ToUniversalTime(), TimeSpan.Zero);
}
