using AskLibrary.Staff;

namespace AskLibrary.Storage.Sqlite;

public sealed class SqliteCannedResponseStore(SqliteDatabase db) : ICannedResponseStore
{
    public Task<IReadOnlyList<CannedResponseRecord>> ListForAsync(string staffId, CancellationToken ct) =>
        db.ReadAsync<IReadOnlyList<CannedResponseRecord>>(async connection =>
        {
            await using var list = connection.Command(
                "SELECT doc FROM canned_responses WHERE owner_id IS NULL OR owner_id = $owner ORDER BY owner_id IS NOT NULL, json_extract(doc, '$.title')",
                null, ("$owner", staffId));
            return await list.ReadDocumentsAsync<CannedResponseRecord>(ct);
        }, ct);

    public Task<CannedResponseRecord?> FindAsync(string id, CancellationToken ct) =>
        db.ReadAsync(async connection =>
        {
            await using var find = connection.Command("SELECT doc FROM canned_responses WHERE id = $id", null, ("$id", id));
            return await find.ReadDocumentAsync<CannedResponseRecord>(ct);
        }, ct);

    public Task SaveAsync(CannedResponseRecord response, CancellationToken ct) =>
        db.WriteAsync(async (connection, tx) =>
        {
            await using var upsert = connection.Command(
                """
                INSERT INTO canned_responses (id, owner_id, doc) VALUES ($id, $owner, $doc)
                ON CONFLICT (id) DO UPDATE SET owner_id = excluded.owner_id, doc = excluded.doc
                """, tx,
                ("$id", response.Id), ("$owner", response.OwnerId), ("$doc", StorageJson.Serialize(response)));
            await upsert.ExecuteNonQueryAsync(ct);
        }, ct);

    public Task DeleteAsync(string id, CancellationToken ct) =>
        db.WriteAsync(async (connection, tx) =>
        {
            await using var delete = connection.Command("DELETE FROM canned_responses WHERE id = $id", tx, ("$id", id));
            await delete.ExecuteNonQueryAsync(ct);
        }, ct);
}
