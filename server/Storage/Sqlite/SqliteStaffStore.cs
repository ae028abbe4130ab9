using AskLibrary.Staff;
using Microsoft.Data.Sqlite;

namespace AskLibrary.Storage.Sqlite;

public sealed class SqliteStaffStore(SqliteDatabase db) : IStaffStore
{
    public Task<StaffAccount?> FindAsync(string id, CancellationToken ct) =>
        db.ReadAsync(async connection =>
        {
            await using var find = connection.Command("SELECT doc FROM staff WHERE id = $id", null, ("$id", id));
            return await find.ReadDocumentAsync<StaffAccount>(ct);
        }, ct);

    public Task<StaffAccount?> FindByUserNameAsync(string userName, CancellationToken ct) =>
        db.ReadAsync(async connection =>
        {
            await using var find = connection.Command("SELECT doc FROM staff WHERE user_name = $name", null, ("$name", userName));
            return await find.ReadDocumentAsync<StaffAccount>(ct);
        }, ct);

    public Task<IReadOnlyList<StaffAccount>> ListAsync(CancellationToken ct) =>
        db.ReadAsync<IReadOnlyList<StaffAccount>>(async connection =>
        {
            await using var list = connection.Command("SELECT doc FROM staff ORDER BY user_name");
            return await list.ReadDocumentsAsync<StaffAccount>(ct);
        }, ct);

    public Task<bool> AddAsync(StaffAccount account, CancellationToken ct) =>
        db.WriteAsync(async (connection, tx) =>
        {
            await using var insert = connection.Command(
                "INSERT INTO staff (id, user_name, doc) VALUES ($id, $name, $doc) ON CONFLICT DO NOTHING", tx,
                ("$id", account.Id), ("$name", account.UserName), ("$doc", StorageJson.Serialize(account)));
            return await insert.ExecuteNonQueryAsync(ct) == 1;
        }, ct);

    public Task ReplaceAsync(StaffAccount account, CancellationToken ct) =>
        db.WriteAsync(async (connection, tx) =>
        {
            await using var update = connection.Command(
                "UPDATE staff SET user_name = $name, doc = $doc WHERE id = $id", tx,
                ("$id", account.Id), ("$name", account.UserName), ("$doc", StorageJson.Serialize(account)));
            if (await update.ExecuteNonQueryAsync(ct) == 0)
                throw new InvalidOperationException($"Staff account {account.Id} does not exist.");
        }, ct);

    public Task<bool> AnyAsync(CancellationToken ct) =>
        db.ReadAsync(async connection =>
        {
            await using var any = connection.Command("SELECT EXISTS (SELECT 1 FROM staff)");
            return Convert.ToInt64(await any.ExecuteScalarAsync(ct)) == 1;
        }, ct);
}
