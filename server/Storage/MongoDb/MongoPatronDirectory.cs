using AskLibrary.Patrons;
using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using MongoDB.Driver;

namespace AskLibrary.Storage.MongoDb;

/// <summary>
/// Imported patron records (<c>_id</c> is the card key), staff merges of profiles, and the visitors with a given card or
/// email. The normalized values the queries look up are store-owned fields written beside each document with the
/// <see cref="PatronKeys"/> rules (the SQLite store computes the same values as indexed columns):
/// records carry <c>emailKey</c>/<c>phoneKey</c>, visitors <c>cardKey</c>/<c>emailKey</c> (<see cref="VisitorDocument"/>,
/// used by <see cref="MongoVisitorStore"/>), and an active merge carries <c>activeSource</c>, its source key, which a
/// unique partial index makes one-per-source (a partial index cannot select "undoneAt is absent").
/// </summary>
public sealed class MongoPatronDirectory(MongoStorage mongo) : IPatronDirectory
{
    private const int Chunk = 1000;
    private static readonly BsonDocument Active = new("activeSource", new BsonDocument("$exists", true));

    public static readonly IReadOnlyList<MongoIndex> Indexes =
    [
        new(CollectionNames.PatronRecords, "ix_patron_records_email", new BsonDocument("emailKey", 1)),
        new(CollectionNames.PatronRecords, "ix_patron_records_phone", new BsonDocument("phoneKey", 1)),
        new(CollectionNames.PatronRecords, "ix_patron_records_expires", new BsonDocument("expires", 1)),
        new(CollectionNames.Visitors, "ix_visitors_card", new BsonDocument("cardKey", 1)),
        new(CollectionNames.Visitors, "ix_visitors_email", new BsonDocument("emailKey", 1)),
        new(CollectionNames.PatronMerges, "ix_patron_merges_active_source", new BsonDocument("activeSource", 1), Unique: true, PartialFilter: Active),
        new(CollectionNames.PatronMerges, "ix_patron_merges_active_target", new BsonDocument { { "targetKey", 1 }, { "_id", 1 } }, PartialFilter: Active),
        new(CollectionNames.PatronMerges, "ix_patron_merges_active_at", new BsonDocument { { "at", -1 }, { "_id", -1 } }, PartialFilter: Active),
        new(CollectionNames.PatronMerges, "ix_patron_merges_source", new BsonDocument("sourceKey", 1)),
        new(CollectionNames.PatronMerges, "ix_patron_merges_target", new BsonDocument("targetKey", 1)),
    ];

    private IMongoCollection<PatronRecord> Records => mongo.Database.GetCollection<PatronRecord>(CollectionNames.PatronRecords);
    private IMongoCollection<PatronMerge> Merges => mongo.Database.GetCollection<PatronMerge>(CollectionNames.PatronMerges);

    /// <summary>A visitor as stored: the document plus its normalized card number and email, where it has them.</summary>
    public static BsonDocument VisitorDocument(Visitor visitor)
    {
        var document = visitor.ToBsonDocument();
        if (PatronKeys.Card(visitor.Details?.CardNumber) is { } card)
            document["cardKey"] = card;
        if (PatronKeys.Email(visitor.Details?.Email) is { } email)
            document["emailKey"] = email;
        return document;
    }

    /// <summary>A record as stored: the document plus its normalized email and phone.</summary>
    public static BsonDocument RecordDocument(PatronRecord record)
    {
        var document = record.ToBsonDocument();
        if (PatronKeys.Email(record.Email) is { } email)
            document["emailKey"] = email;
        if (PatronKeys.Phone(record.Phone) is { } phone)
            document["phoneKey"] = phone;
        return document;
    }

    /// <summary>A merge as stored: while it is not undone it also carries <c>activeSource</c>.</summary>
    public static BsonDocument MergeDocument(PatronMerge merge)
    {
        var document = merge.ToBsonDocument();
        if (merge.UndoneAt is null)
            document["activeSource"] = merge.SourceKey;
        return document;
    }

    /// <summary>The stored form of an expiry date (the field compares as the SQLite column does: ISO text).</summary>
    public static string ExpiresValue(DateOnly date) => date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    public async Task<PatronRecord?> FindRecordAsync(string cardKey, CancellationToken ct) =>
        await Records.Find(new BsonDocument("_id", cardKey)).FirstOrDefaultAsync(ct);

    public async Task<IReadOnlyList<PatronRecord>> FindRecordsAsync(IReadOnlyCollection<string> cardKeys, CancellationToken ct)
    {
        var found = new List<PatronRecord>();
        foreach (var chunk in cardKeys.Chunk(Chunk))
            found.AddRange(await Records.Find(new BsonDocument("_id", new BsonDocument("$in", new BsonArray(chunk)))).ToListAsync(ct));
        return found;
    }

    public async Task<IReadOnlyList<PatronRecord>> FindRecordsByEmailAsync(string emailKey, CancellationToken ct) =>
        await Records.Find(new BsonDocument("emailKey", emailKey)).Sort(new BsonDocument("_id", 1)).ToListAsync(ct);

    public async Task SaveRecordsAsync(IReadOnlyList<PatronRecord> records, CancellationToken ct)
    {
        if (records.Count == 0)
            return;
        var raw = mongo.Raw(CollectionNames.PatronRecords);
        await mongo.InTransactionAsync(async (session, token) =>
        {
            foreach (var chunk in records.Chunk(Chunk))
                await raw.BulkWriteAsync(session, chunk.Select(r => new ReplaceOneModel<BsonDocument>(new BsonDocument("_id", r.CardNumber), RecordDocument(r)) { IsUpsert = true }),
                    new BulkWriteOptions { IsOrdered = true }, token);
            return true;
        }, ct);
    }

    public async Task DeleteRecordsAsync(IReadOnlyCollection<string> cardKeys, CancellationToken ct)
    {
        foreach (var chunk in cardKeys.Chunk(Chunk))
            await Records.DeleteManyAsync(new BsonDocument("_id", new BsonDocument("$in", new BsonArray(chunk))), ct);
    }

    public async Task<int> DeleteRecordsExpiredBeforeAsync(DateOnly expiredBefore, CancellationToken ct) =>
        (int)(await Records.DeleteManyAsync(new BsonDocument("expires", new BsonDocument("$lt", ExpiresValue(expiredBefore))), ct)).DeletedCount;

    public async Task<IReadOnlyList<Visitor>> FindVisitorsAsync(string? cardKey, string? emailKey, CancellationToken ct)
    {
        // A null key matches nothing (in a filter, {cardKey: null} would match every visitor without one).
        var branches = new BsonArray();
        if (cardKey is not null)
            branches.Add(new BsonDocument("cardKey", cardKey));
        if (emailKey is not null)
            branches.Add(new BsonDocument { { "emailKey", emailKey }, { "cardKey", new BsonDocument("$exists", false) } });
        if (branches.Count == 0)
            return [];
        return await mongo.Visitors.Find(new BsonDocument("$or", branches)).Sort(new BsonDocument("_id", 1)).ToListAsync(ct);
    }

    public async Task<bool> AddMergeAsync(PatronMerge merge, CancellationToken ct)
    {
        try
        {
            await mongo.Raw(CollectionNames.PatronMerges).InsertOneAsync(MergeDocument(merge), cancellationToken: ct);
            return true;
        }
        catch (MongoException e) when (MongoStorage.IsDuplicateKey(e))
        {
            return false;
        }
    }

    public async Task<PatronMerge?> FindMergeAsync(string id, CancellationToken ct) =>
        await Merges.Find(new BsonDocument("_id", id)).FirstOrDefaultAsync(ct);

    public async Task<PatronMerge?> FindActiveMergeFromAsync(string sourceKey, CancellationToken ct) =>
        await Merges.Find(new BsonDocument("activeSource", sourceKey)).FirstOrDefaultAsync(ct);

    public async Task<IReadOnlyList<PatronMerge>> ListActiveMergesIntoAsync(string targetKey, CancellationToken ct) =>
        await Merges.Find(new BsonDocument { { "targetKey", targetKey }, { "activeSource", new BsonDocument("$exists", true) } })
            .Sort(new BsonDocument("_id", 1)).ToListAsync(ct);

    public Task UndoMergeAsync(PatronMerge undone, CancellationToken ct) =>
        mongo.Raw(CollectionNames.PatronMerges).ReplaceOneAsync(new BsonDocument("_id", undone.Id), MergeDocument(undone), cancellationToken: ct);

    public async Task<IReadOnlyList<PatronMerge>> ListActiveMergesAsync(int take, CancellationToken ct) =>
        take <= 0 ? [] : await Merges.Find(Active).Sort(new BsonDocument { { "at", -1 }, { "_id", -1 } }).Limit(take).ToListAsync(ct);

    public async Task DeleteMergesAsync(IReadOnlyCollection<string> keys, CancellationToken ct)
    {
        foreach (var chunk in keys.Chunk(Chunk))
        {
            var any = new BsonDocument("$in", new BsonArray(chunk));
            await Merges.DeleteManyAsync(new BsonDocument("$or", new BsonArray { new BsonDocument("sourceKey", any), new BsonDocument("targetKey", any) }), ct);
        }
    }

    public async Task<IReadOnlyList<SharedValue>> ListSharedValuesAsync(int take, CancellationToken ct)
    {
        var shared = new List<SharedValue>();
        if (take <= 0)
            return shared;
        shared.AddRange(await SharedAsync("email", SharedEmailsPipeline(take), CollectionNames.Visitors, ct));
        if (take - shared.Count > 0)
            shared.AddRange(await SharedAsync("phone", SharedPhonesPipeline(take - shared.Count), CollectionNames.PatronRecords, ct));
        return shared;
    }

    private async Task<IEnumerable<SharedValue>> SharedAsync(string kind, BsonDocument[] pipeline, string collection, CancellationToken ct)
    {
        var groups = await mongo.Raw(collection).Aggregate<BsonDocument>(pipeline, cancellationToken: ct).ToListAsync(ct);
        return groups.Select(g =>
        {
            var holders = g["holders"].AsBsonArray.Select(h => (Who: h["who"].AsString, What: h["what"].AsString)).ToList();
            return new SharedValue(kind, g["_id"].AsString,
                [.. holders.Where(h => h.What == "v").Select(h => h.Who).Order(StringComparer.Ordinal)],
                [.. holders.Where(h => h.What == "r").Select(h => h.Who).Order(StringComparer.Ordinal)]);
        });
    }

    /// <summary>Emails held by more than one visitor or record (on visitors, with the records' emails unioned in), first <paramref name="take"/> by value.</summary>
    public static BsonDocument[] SharedEmailsPipeline(int take) =>
    [
        new("$match", new BsonDocument("emailKey", new BsonDocument("$exists", true))),
        Holder("emailKey", "v"),
        new("$unionWith", new BsonDocument
        {
            { "coll", CollectionNames.PatronRecords },
            { "pipeline", new BsonArray { new BsonDocument("$match", new BsonDocument("emailKey", new BsonDocument("$exists", true))), Holder("emailKey", "r") } },
        }),
        .. Shared(take),
    ];

    /// <summary>Phone numbers held by more than one record, first <paramref name="take"/> by value.</summary>
    public static BsonDocument[] SharedPhonesPipeline(int take) =>
    [
        new("$match", new BsonDocument("phoneKey", new BsonDocument("$exists", true))),
        Holder("phoneKey", "r"),
        .. Shared(take),
    ];

    private static BsonDocument Holder(string field, string what) =>
        new("$project", new BsonDocument { { "_id", 0 }, { "value", "$" + field }, { "who", "$_id" }, { "what", new BsonDocument("$literal", what) } });

    private static BsonDocument[] Shared(int take) =>
    [
        new("$group", new BsonDocument
        {
            { "_id", "$value" },
            { "holders", new BsonDocument("$push", new BsonDocument { { "who", "$who" }, { "what", "$what" } }) },
            { "count", new BsonDocument("$sum", 1) },
        }),
        new("$match", new BsonDocument("count", new BsonDocument("$gt", 1))),
        new("$sort", new BsonDocument("_id", 1)),
        new("$limit", take),
    ];
}
