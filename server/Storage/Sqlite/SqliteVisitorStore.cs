using AskLibrary.Patrons;

namespace AskLibrary.Storage.Sqlite;

public sealed class SqliteVisitorStore(SqliteDatabase db) : IVisitorStore
{
    public Task<Visitor?> FindAsync(string visitorId, CancellationToken ct) =>
        db.ReadAsync(async connection =>
        {
            await using var find = connection.Command("SELECT doc FROM visitors WHERE id = $id", null, ("$id", visitorId));
            return await find.ReadDocumentAsync<Visitor>(ct);
        }, ct);

    public Task UpsertAsync(Visitor visitor, CancellationToken ct) =>
        db.WriteAsync(async (connection, tx) =>
        {
            await using var upsert = connection.Command(
                "INSERT INTO visitors (id, doc) VALUES ($id, $doc) ON CONFLICT (id) DO UPDATE SET doc = excluded.doc", tx,
                ("$id", visitor.Id), ("$doc", StorageJson.Serialize(visitor)));
            await upsert.ExecuteNonQueryAsync(ct);
        }, ct);
}
