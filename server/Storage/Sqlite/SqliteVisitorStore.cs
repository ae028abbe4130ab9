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

    /// <summary>Every chat start writes its visitor: prepared once on the writer's connection, not parsed each time.</summary>
    public Task UpsertAsync(Visitor visitor, CancellationToken ct) =>
        db.WriteAsync((connection, _) =>
        {
            using var upsert = db.Prepared(connection,
                    "INSERT INTO visitors (id, doc) VALUES ($id, $doc) ON CONFLICT (id) DO UPDATE SET doc = excluded.doc")
                .Bind("$id", visitor.Id).Bind("$doc", StorageJson.Serialize(visitor));
            upsert.Step();
            return Task.CompletedTask;
        }, ct);

    public Task SaveBlockAsync(VisitorBlock block, CancellationToken ct) =>
        db.WriteAsync(async (connection, tx) =>
        {
            await using var upsert = connection.Command(
                "INSERT INTO visitor_blocks (visitor_id, until, doc) VALUES ($id, $until, $doc) ON CONFLICT (visitor_id) DO UPDATE SET until = excluded.until, doc = excluded.doc", tx,
                ("$id", block.VisitorId), ("$until", block.Until.ToUnixMs()), ("$doc", StorageJson.Serialize(block)));
            await upsert.ExecuteNonQueryAsync(ct);
        }, ct);

    public Task RemoveBlockAsync(string visitorId, CancellationToken ct) =>
        db.WriteAsync(async (connection, tx) =>
        {
            await using var delete = connection.Command("DELETE FROM visitor_blocks WHERE visitor_id = $id", tx, ("$id", visitorId));
            await delete.ExecuteNonQueryAsync(ct);
        }, ct);

    public Task<IReadOnlyList<VisitorBlock>> ListBlocksAsync(DateTimeOffset now, CancellationToken ct) =>
        db.ReadAsync<IReadOnlyList<VisitorBlock>>(async connection =>
        {
            await using var list = connection.Command("SELECT doc FROM visitor_blocks WHERE until > $now ORDER BY until", null, ("$now", now.ToUnixMs()));
            return await list.ReadDocumentsAsync<VisitorBlock>(ct);
        }, ct);
}
