using AskLibrary.Patrons;
using Microsoft.Data.Sqlite;

namespace AskLibrary.Storage.Sqlite;

public sealed class SqlitePatronDirectory(SqliteDatabase db) : IPatronDirectory
{
    public Task<PatronRecord?> FindRecordAsync(string cardKey, CancellationToken ct) =>
        db.ReadAsync(async connection =>
        {
            await using var find = connection.Command("SELECT doc FROM patron_records WHERE card_key = $card", null, ("$card", cardKey));
            return await find.ReadDocumentAsync<PatronRecord>(ct);
        }, ct);

    public Task<IReadOnlyList<PatronRecord>> FindRecordsAsync(IReadOnlyCollection<string> cardKeys, CancellationToken ct) =>
        db.ReadAsync<IReadOnlyList<PatronRecord>>(async connection =>
        {
            // One statement per 500 keys keeps below SQLite's parameter limit on a large import.
            var found = new List<PatronRecord>();
            foreach (var chunk in cardKeys.Chunk(500))
            {
                var names = chunk.Select((_, i) => $"$c{i}").ToArray();
                await using var find = connection.Command($"SELECT doc FROM patron_records WHERE card_key IN ({string.Join(',', names)})", null,
                    chunk.Select((key, i) => (names[i], (object?)key)).ToArray());
                found.AddRange(await find.ReadDocumentsAsync<PatronRecord>(ct));
            }
            return found;
        }, ct);

    public Task<IReadOnlyList<PatronRecord>> FindRecordsByEmailAsync(string emailKey, CancellationToken ct) =>
        db.ReadAsync<IReadOnlyList<PatronRecord>>(async connection =>
        {
            await using var find = connection.Command("SELECT doc FROM patron_records WHERE email_key = $email ORDER BY card_key", null, ("$email", emailKey));
            return await find.ReadDocumentsAsync<PatronRecord>(ct);
        }, ct);

    public Task SaveRecordsAsync(IReadOnlyList<PatronRecord> records, CancellationToken ct) =>
        db.WriteAsync(async (connection, tx) =>
        {
            await using var upsert = connection.Command(
                """
                INSERT INTO patron_records (card_key, email_key, phone_key, expires, doc) VALUES ($card, $email, $phone, $expires, $doc)
                ON CONFLICT (card_key) DO UPDATE SET email_key = excluded.email_key, phone_key = excluded.phone_key, expires = excluded.expires, doc = excluded.doc
                """, tx, ("$card", null), ("$email", null), ("$phone", null), ("$expires", null), ("$doc", null));
            foreach (var r in records)
            {
                upsert.Parameters["$card"].Value = r.CardNumber;
                upsert.Parameters["$email"].Value = (object?)PatronKeys.Email(r.Email) ?? DBNull.Value;
                upsert.Parameters["$phone"].Value = (object?)PatronKeys.Phone(r.Phone) ?? DBNull.Value;
                upsert.Parameters["$expires"].Value = (object?)r.Expires?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) ?? DBNull.Value;
                upsert.Parameters["$doc"].Value = StorageJson.Serialize(r);
                await upsert.ExecuteNonQueryAsync(ct);
            }
        }, ct);

    public Task DeleteRecordsAsync(IReadOnlyCollection<string> cardKeys, CancellationToken ct) =>
        db.WriteAsync(async (connection, tx) =>
        {
            await using var delete = connection.Command("DELETE FROM patron_records WHERE card_key = $card", tx, ("$card", null));
            foreach (var key in cardKeys)
            {
                delete.Parameters["$card"].Value = key;
                await delete.ExecuteNonQueryAsync(ct);
            }
        }, ct);

    public Task<int> DeleteRecordsExpiredBeforeAsync(DateOnly expiredBefore, CancellationToken ct) =>
        db.WriteAsync(async (connection, tx) =>
        {
            await using var delete = connection.Command("DELETE FROM patron_records WHERE expires < $before", tx,
                ("$before", expiredBefore.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)));
            return await delete.ExecuteNonQueryAsync(ct);
        }, ct);

    public Task<IReadOnlyList<Visitor>> FindVisitorsAsync(string? cardKey, string? emailKey, CancellationToken ct) =>
        db.ReadAsync<IReadOnlyList<Visitor>>(async connection =>
        {
            await using var find = connection.Command(
                "SELECT doc FROM visitors WHERE card_key = $card UNION SELECT doc FROM visitors WHERE card_key IS NULL AND email_key = $email", null,
                ("$card", cardKey), ("$email", emailKey));
            return await find.ReadDocumentsAsync<Visitor>(ct);
        }, ct);

    public Task<bool> AddMergeAsync(PatronMerge merge, CancellationToken ct) =>
        db.WriteAsync(async (connection, tx) =>
        {
            await using var insert = connection.Command(
                "INSERT INTO patron_merges (id, source_key, target_key, doc) VALUES ($id, $source, $target, $doc) ON CONFLICT DO NOTHING", tx,
                ("$id", merge.Id), ("$source", merge.SourceKey), ("$target", merge.TargetKey), ("$doc", StorageJson.Serialize(merge)));
            return await insert.ExecuteNonQueryAsync(ct) == 1;
        }, ct);

    public Task<PatronMerge?> FindMergeAsync(string id, CancellationToken ct) =>
        db.ReadAsync(async connection =>
        {
            await using var find = connection.Command("SELECT doc FROM patron_merges WHERE id = $id", null, ("$id", id));
            return await find.ReadDocumentAsync<PatronMerge>(ct);
        }, ct);

    public Task<PatronMerge?> FindActiveMergeFromAsync(string sourceKey, CancellationToken ct) =>
        db.ReadAsync(async connection =>
        {
            await using var find = connection.Command("SELECT doc FROM patron_merges WHERE source_key = $source AND undone_at IS NULL", null, ("$source", sourceKey));
            return await find.ReadDocumentAsync<PatronMerge>(ct);
        }, ct);

    public Task<IReadOnlyList<PatronMerge>> ListActiveMergesIntoAsync(string targetKey, CancellationToken ct) =>
        db.ReadAsync<IReadOnlyList<PatronMerge>>(async connection =>
        {
            await using var list = connection.Command("SELECT doc FROM patron_merges WHERE target_key = $target AND undone_at IS NULL ORDER BY id", null, ("$target", targetKey));
            return await list.ReadDocumentsAsync<PatronMerge>(ct);
        }, ct);

    public Task<IReadOnlyList<PatronMerge>> ListActiveMergesAsync(int take, CancellationToken ct) =>
        db.ReadAsync<IReadOnlyList<PatronMerge>>(async connection =>
        {
            await using var list = connection.Command(
                "SELECT doc FROM patron_merges WHERE undone_at IS NULL ORDER BY json_extract(doc, '$.at') DESC, id DESC LIMIT $take", null, ("$take", take));
            return await list.ReadDocumentsAsync<PatronMerge>(ct);
        }, ct);

    public Task UndoMergeAsync(PatronMerge undone, CancellationToken ct) =>
        db.WriteAsync(async (connection, tx) =>
        {
            await using var update = connection.Command("UPDATE patron_merges SET undone_at = $at, doc = $doc WHERE id = $id", tx,
                ("$id", undone.Id), ("$at", undone.UndoneAt?.ToUnixMs()), ("$doc", StorageJson.Serialize(undone)));
            await update.ExecuteNonQueryAsync(ct);
        }, ct);

    public Task DeleteMergesAsync(IReadOnlyCollection<string> keys, CancellationToken ct) =>
        db.WriteAsync(async (connection, tx) =>
        {
            await using var delete = connection.Command("DELETE FROM patron_merges WHERE source_key = $key OR target_key = $key", tx, ("$key", null));
            foreach (var key in keys)
            {
                delete.Parameters["$key"].Value = key;
                await delete.ExecuteNonQueryAsync(ct);
            }
        }, ct);

    public Task<IReadOnlyList<SharedValue>> ListSharedValuesAsync(int take, CancellationToken ct) =>
        db.ReadAsync<IReadOnlyList<SharedValue>>(async connection =>
        {
            var shared = new List<SharedValue>();
            shared.AddRange(await SharedAsync(connection, "email",
                "SELECT email_key, id, 'v' FROM visitors WHERE email_key IS NOT NULL UNION ALL SELECT email_key, card_key, 'r' FROM patron_records WHERE email_key IS NOT NULL",
                take, ct));
            shared.AddRange(await SharedAsync(connection, "phone",
                "SELECT phone_key, card_key, 'r' FROM patron_records WHERE phone_key IS NOT NULL", take - shared.Count, ct));
            return shared;
        }, ct);

    private static async Task<List<SharedValue>> SharedAsync(SqliteConnection connection, string kind, string holders, int take, CancellationToken ct)
    {
        var values = new List<SharedValue>();
        if (take <= 0)
            return values;
        await using var list = connection.Command(
            $"""
            WITH h (value, who, what) AS ({holders})
            SELECT value, who, what FROM h WHERE value IN (SELECT value FROM h GROUP BY value HAVING count(*) > 1 ORDER BY value LIMIT $take)
            ORDER BY value, what, who
            """, null, ("$take", take));
        await using var reader = await list.ExecuteReaderAsync(ct);
        string? current = null;
        List<string> visitors = [], cards = [];
        while (await reader.ReadAsync(ct))
        {
            var value = reader.GetString(0);
            if (value != current)
            {
                if (current is not null)
                    values.Add(new SharedValue(kind, current, visitors, cards));
                (current, visitors, cards) = (value, [], []);
            }
            (reader.GetString(2) == "v" ? visitors : cards).Add(reader.GetString(1));
        }
        if (current is not null)
            values.Add(new SharedValue(kind, current, visitors, cards));
        return values;
    }
}
