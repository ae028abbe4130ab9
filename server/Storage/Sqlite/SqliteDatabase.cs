using Microsoft.Data.Sqlite;

namespace AskLibrary.Storage.Sqlite;

/// <summary>
/// The embedded store: one SQLite file in WAL mode. Writers take turns through one semaphore
/// (SQLite allows a single writer anyway; waiting here beats retrying on SQLITE_BUSY), readers
/// run concurrently on pooled connections. The schema is migrated at start by <see cref="SqliteSchema"/>.
/// </summary>
public sealed class SqliteDatabase
{
    private readonly SemaphoreSlim _writeGate = new(1, 1);

    public SqliteDatabase(string path, string synchronous)
    {
        Path = path;
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        ConnectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        Synchronous = synchronous;
    }

    public string Path { get; }
    public string ConnectionString { get; }

    /// <summary>
    /// NORMAL survives a killed process (the WAL is in the OS page cache); FULL also survives
    /// power loss at the cost of an fsync per commit. Set with AskLibrary:Storage:Synchronous.
    /// </summary>
    public string Synchronous { get; }

    public async Task<SqliteConnection> OpenAsync(CancellationToken ct)
    {
        var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync(ct);
        await using var pragma = connection.CreateCommand();
        pragma.CommandText = $"PRAGMA synchronous = {Synchronous}; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000;";
        await pragma.ExecuteNonQueryAsync(ct);
        return connection;
    }

    /// <summary>Runs a write in a transaction, one writer at a time.</summary>
    public async Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, Task<T>> work, CancellationToken ct)
    {
        await _writeGate.WaitAsync(ct);
        try
        {
            await using var connection = await OpenAsync(ct);
            await using var transaction = connection.BeginTransaction();
            var result = await work(connection, transaction);
            await transaction.CommitAsync(ct);
            return result;
        }
        finally
        {
            _writeGate.Release();
        }
    }

    public Task WriteAsync(Func<SqliteConnection, SqliteTransaction, Task> work, CancellationToken ct) =>
        WriteAsync(async (c, t) => { await work(c, t); return true; }, ct);

    public async Task<T> ReadAsync<T>(Func<SqliteConnection, Task<T>> work, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        return await work(connection);
    }
}
