using Microsoft.Data.Sqlite;

namespace AskLibrary.Storage.Sqlite;

/// <summary>
/// The writer's transaction, which each write of a batch is given. Begun and committed with statements prepared once on
/// the writer's connection: a driver's transaction (<see cref="SqliteTransaction"/>) prepared BEGIN and COMMIT again for
/// every batch, allocated 1.2 KB, and left a rollback hook's handle that only the finalizer thread could free, so it
/// survived a young collection (docs/performance.md). Commands of the writer's connection take no driver transaction: the
/// driver only checks that a command's transaction is the connection's, and the connection has none.
/// </summary>
public sealed class WriteTransaction
{
    private readonly SqliteConnection _connection;

    internal WriteTransaction(SqliteConnection connection) => _connection = connection;

    internal void RequireConnection(SqliteConnection connection)
    {
        if (!ReferenceEquals(connection, _connection))
            throw new InvalidOperationException("A write's commands belong to the connection the writer gave it.");
    }
}
