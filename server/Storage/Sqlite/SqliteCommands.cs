using Microsoft.Data.Sqlite;

namespace AskLibrary.Storage.Sqlite;

/// <summary>Small conveniences so each store reads as SQL plus parameters.</summary>
internal static class SqliteCommands
{
    public static SqliteCommand Command(this SqliteConnection connection, string sql, SqliteTransaction? transaction = null, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        foreach (var (name, value) in parameters)
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }

    public static async Task<List<T>> ReadDocumentsAsync<T>(this SqliteCommand command, CancellationToken ct)
    {
        var items = new List<T>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            items.Add(StorageJson.Deserialize<T>(reader.GetString(0)));
        return items;
    }

    public static async Task<T?> ReadDocumentAsync<T>(this SqliteCommand command, CancellationToken ct) where T : class
    {
        var json = await command.ExecuteScalarAsync(ct) as string;
        return json is null ? null : StorageJson.Deserialize<T>(json);
    }

    /// <summary>Instants are stored as Unix milliseconds so that range queries and ordering are numeric.</summary>
    public static long ToUnixMs(this DateTimeOffset instant) => instant.ToUnixTimeMilliseconds();
}
