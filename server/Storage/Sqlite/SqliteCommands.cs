using Microsoft.Data.Sqlite;

namespace AskLibrary.Storage.Sqlite;

/// <summary>Small conveniences so each store reads as SQL plus parameters.</summary>
internal static class SqliteCommands
{
    /// <param name="transaction">The writer's transaction, for a command inside <see cref="SqliteDatabase.WriteAsync{T}"/>; null for reads.</param>
    public static SqliteCommand Command(this SqliteConnection connection, string sql, WriteTransaction? transaction = null, params (string Name, object? Value)[] parameters)
    {
        transaction?.RequireConnection(connection);
        var command = connection.CreateCommand();
        command.CommandText = sql;
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
