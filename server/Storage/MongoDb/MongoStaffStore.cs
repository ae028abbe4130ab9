using AskLibrary.Staff;
using MongoDB.Bson;
using MongoDB.Driver;

namespace AskLibrary.Storage.MongoDb;

/// <summary>Staff accounts; user names are unique regardless of case (SQLite: COLLATE NOCASE).</summary>
public sealed class MongoStaffStore(MongoStorage mongo) : IStaffStore
{
    /// <summary>Case-insensitive comparison; queries pass it so they use the unique index.</summary>
    public static readonly Collation IgnoreCase = new("en", strength: CollationStrength.Secondary);

    public static readonly IReadOnlyList<MongoIndex> Indexes =
    [
        new(CollectionNames.Staff, "ix_staff_user_name", new BsonDocument("userName", 1), Unique: true, Collation: IgnoreCase),
    ];

    public async Task<StaffAccount?> FindAsync(string id, CancellationToken ct) =>
        await mongo.Staff.Find(new BsonDocument("_id", id)).FirstOrDefaultAsync(ct);

    public async Task<StaffAccount?> FindByUserNameAsync(string userName, CancellationToken ct) =>
        await mongo.Staff.Find(new BsonDocument("userName", userName), new FindOptions { Collation = IgnoreCase }).FirstOrDefaultAsync(ct);

    public async Task<IReadOnlyList<StaffAccount>> ListAsync(CancellationToken ct) =>
        await mongo.Staff.Find(FilterDefinition<StaffAccount>.Empty, new FindOptions { Collation = IgnoreCase }).Sort(new BsonDocument("userName", 1)).ToListAsync(ct);

    public async Task<bool> AddAsync(StaffAccount account, CancellationToken ct)
    {
        try
        {
            await mongo.Staff.InsertOneAsync(account, cancellationToken: ct);
            return true;
        }
        catch (MongoException e) when (MongoStorage.IsDuplicateKey(e))
        {
            return false;
        }
    }

    public async Task ReplaceAsync(StaffAccount account, CancellationToken ct)
    {
        var result = await mongo.Staff.ReplaceOneAsync(new BsonDocument("_id", account.Id), account, cancellationToken: ct);
        if (result.MatchedCount == 0)
            throw new InvalidOperationException($"Staff account {account.Id} does not exist.");
    }

    public async Task<bool> AnyAsync(CancellationToken ct) =>
        await mongo.Staff.Find(FilterDefinition<StaffAccount>.Empty).Limit(1).AnyAsync(ct);
}
