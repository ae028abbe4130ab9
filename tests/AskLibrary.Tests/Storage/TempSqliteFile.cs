using AskLibrary.Storage.Sqlite;

namespace AskLibrary.Tests.Storage;

/// <summary>The embedded store's database on a real SQLite file in a fresh temporary folder, deleted on disposal.</summary>
public sealed class TempSqliteFile : IAsyncDisposable
{
    private readonly string _folder;

    public TempSqliteFile(string purpose)
    {
        _folder = Path.Combine(Path.GetTempPath(), $"asklib-{purpose}-{Guid.NewGuid():N}");
        Database = new SqliteDatabase(Path.Combine(_folder, "test.db"), "NORMAL");
    }

    public SqliteDatabase Database { get; }

    public async ValueTask DisposeAsync()
    {
        await Database.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
