using AskLibrary.Staff;

namespace AskLibrary.Storage.Sqlite;

public sealed class SqliteAuditStore(SqliteDatabase db) : IAuditStore
{
    public Task AddAsync(AuditEntry entry, CancellationToken ct) =>
        db.WriteAsync(async (connection, tx) =>
        {
            await using var insert = connection.Command(
                "INSERT INTO audit_log (id, at, staff_id, subject_id, doc) VALUES ($id, $at, $staff, $subject, $doc)", tx,
                ("$id", entry.Id), ("$at", entry.At.ToUnixMs()), ("$staff", entry.StaffId), ("$subject", entry.SubjectId),
                ("$doc", StorageJson.Serialize(entry)));
            await insert.ExecuteNonQueryAsync(ct);
        }, ct);

    public Task<(IReadOnlyList<AuditEntry> Items, int Total)> ListAsync(AuditQuery query, CancellationToken ct) =>
        db.ReadAsync<(IReadOnlyList<AuditEntry>, int)>(async connection =>
        {
            var where = new List<string> { "1 = 1" };
            var parameters = new List<(string, object?)>();
            if (query.From is { } from) { where.Add("at >= $from"); parameters.Add(("$from", from.ToUnixMs())); }
            if (query.To is { } to) { where.Add("at < $to"); parameters.Add(("$to", to.ToUnixMs())); }
            if (query.StaffId is { } staff) { where.Add("staff_id = $staff"); parameters.Add(("$staff", staff)); }
            if (query.SubjectId is { } subject) { where.Add("subject_id = $subject"); parameters.Add(("$subject", subject)); }
            var filter = string.Join(" AND ", where);
            await using var count = connection.Command($"SELECT COUNT(*) FROM audit_log WHERE {filter}", null, [.. parameters]);
            var total = Convert.ToInt32(await count.ExecuteScalarAsync(ct));
            await using var page = connection.Command(
                $"SELECT doc FROM audit_log WHERE {filter} ORDER BY at DESC, rowid DESC LIMIT $take OFFSET $skip", null,
                [.. parameters, ("$take", query.Take), ("$skip", query.Skip)]);
            return (await page.ReadDocumentsAsync<AuditEntry>(ct), total);
        }, ct);
}
