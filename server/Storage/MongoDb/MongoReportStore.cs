using AskLibrary.Chat.Contracts;
using AskLibrary.Knowledge.Articles;
using AskLibrary.Reports;
using MongoDB.Bson;
using MongoDB.Driver;

namespace AskLibrary.Storage.MongoDb;

/// <summary>The reports' eight queries as the aggregation pipelines in <see cref="MongoReportPipelines"/>.</summary>
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

    public async Task<TopicCounts> CountTopicsAsync(DateTimeOffset start, DateTimeOffset end, string? queueId, CancellationToken ct)
    {
        var row = await mongo.Raw(CollectionNames.Conversations)
            .Aggregate<BsonDocument>(MongoReportPipelines.TopicCounts(start, end, queueId), cancellationToken: ct).FirstOrDefaultAsync(ct);
        if (row is null)
            return new TopicCounts(0, 0, []);
        // An empty period has no totals group at all.
        var totals = row["totals"].AsBsonArray.Select(t => t.AsBsonDocument).FirstOrDefault();
        var tags = row["perTag"].AsBsonArray.Select(t => t.AsBsonDocument)
            .Select(t => new TagCount(t["_id"].AsString, t["chats"].ToInt32())).ToList();
        return new TopicCounts(totals?["chats"].ToInt32() ?? 0, totals?["tagged"].ToInt32() ?? 0, tags);
    }

    public async Task<ReadScaleCounts> CountReadScaleAsync(DateTimeOffset start, DateTimeOffset end, string? queueId, CancellationToken ct)
    {
        var rows = await mongo.Raw(CollectionNames.Conversations)
            .Aggregate<BsonDocument>(MongoReportPipelines.ReadScaleCounts(start, end, queueId), cancellationToken: ct).ToListAsync(ct);
        // The null group holds the unrated chats: they count as answered, not as a level.
        var answered = rows.Sum(r => r["answered"].ToInt32());
        var levels = rows.Where(r => !r["_id"].IsBsonNull).Select(r => new ReadScaleCount(r["_id"].ToInt32(), r["chats"].ToInt32())).ToList();
        return new ReadScaleCounts(answered, levels);
    }

    public async Task<IReadOnlyList<TicketFacts>> ListTicketFactsAsync(DateTimeOffset start, DateTimeOffset end, string? queueId, CancellationToken ct)
    {
        var rows = await mongo.Raw(CollectionNames.Tickets)
            .Aggregate<BsonDocument>(MongoReportPipelines.TicketFacts(start, end, queueId), cancellationToken: ct).ToListAsync(ct);
        return rows.Select(r => new TicketFacts(
            r["queueId"].AsString,
            Instant(r["createdAt"])!.Value,
            Instant(r.GetValue("dueAt", BsonNull.Value)),
            Instant(r.GetValue("firstAnswerAt", BsonNull.Value)),
            r["closed"].ToBoolean())).ToList();
    }

    public async Task<IReadOnlyList<PatronChat>> ListPatronChatsAsync(DateTimeOffset start, DateTimeOffset end, CancellationToken ct)
    {
        var rows = await mongo.Raw(CollectionNames.Conversations)
            .Aggregate<BsonDocument>(MongoReportPipelines.PatronChats(start, end), cancellationToken: ct).ToListAsync(ct);
        return rows.Select(r => new PatronChat(r["visitorId"].AsString, Instant(r["createdAt"])!.Value)).ToList();
    }

    public async Task<IReadOnlyList<PatronChat>> ListFirstChatsAsync(DateTimeOffset end, CancellationToken ct)
    {
        var rows = await mongo.Raw(CollectionNames.Conversations)
            .Aggregate<BsonDocument>(MongoReportPipelines.FirstChats(end), cancellationToken: ct).ToListAsync(ct);
        return rows.Select(r => new PatronChat(r["_id"].AsString, Instant(r["first"])!.Value)).ToList();
    }

    private static DateTimeOffset? Instant(BsonValue value) =>
        value.IsBsonNull ? null : new DateTimeOffset(value.ToUniversalTime(), TimeSpan.Zero);
}
