using AskLibrary.Staff;
using MongoDB.Bson;
using MongoDB.Driver;

namespace AskLibrary.Storage.MongoDb;

/// <summary>
/// The audit log. Each entry also gets a store-owned "written" ObjectId: entries of the same millisecond then
/// list in the order this process wrote them (the SQLite table orders by rowid for the same reason).
/// </summary>
public sealed class MongoAuditStore(MongoStorage mongo) : IAuditStore
{
    public static readonly IReadOnlyList<MongoIndex> Indexes =
    [
        new(CollectionNames.AuditLog, "ix_audit_log_at", new BsonDocument { { "at", -1 }, { "written", -1 } }),
        new(CollectionNames.AuditLog, "ix_audit_log_staff", new BsonDocument { { "staffId", 1 }, { "at", -1 } }),
        new(CollectionNames.AuditLog, "ix_audit_log_subject", new BsonDocument { { "subjectId", 1 }, { "at", -1 } }),
    ];

    public Task AddAsync(AuditEntry entry, CancellationToken ct)
    {
        var document = entry.ToBsonDocument();
        document["written"] = ObjectId.GenerateNewId();
        return mongo.Raw(CollectionNames.AuditLog).InsertOneAsync(document, cancellationToken: ct);
    }

    public async Task<(IReadOnlyList<AuditEntry> Items, int Total)> ListAsync(AuditQuery query, CancellationToken ct)
    {
        var filter = Filter(query);
        var total = await mongo.AuditLog.CountDocumentsAsync(filter, cancellationToken: ct);
        var items = await mongo.AuditLog.Find(filter).Sort(new BsonDocument { { "at", -1 }, { "written", -1 } })
            .Skip(query.Skip).Limit(query.Take).ToListAsync(ct);
        return (items, (int)total);
    }

    public static BsonDocument Filter(AuditQuery query)
    {
        var filter = new BsonDocument();
        var at = new BsonDocument();
        if (query.From is { } from) at.Add("$gte", from.UtcDateTime);
        if (query.To is { } to) at.Add("$lt", to.UtcDateTime);
        if (at.ElementCount > 0) filter.Add("at", at);
        if (query.StaffId is { } staff) filter.Add("staffId", staff);
        if (query.SubjectId is { } subject) filter.Add("subjectId", subject);
        return filter;
    }
}
