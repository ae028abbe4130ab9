using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace AskLibrary.Storage.Sqlite;

/// <summary>
/// The embedded store: one SQLite file in WAL mode. Readers run concurrently on pooled connections.
/// Writes are group-committed: every <see cref="WriteAsync{T}"/> joins a queue, and one writer takes
/// whatever has queued up (up to <see cref="MaxBatch"/>) and runs it in a single transaction, so many
/// chats' messages share one commit (and, with synchronous=FULL, one fsync) instead of queueing for a
/// commit each. A caller's task completes only after the commit that holds its write, so "acknowledged"
/// still means "on disk". A write that throws makes the writer roll the batch back and write its
/// members again one transaction each, so it fails only its own caller (no savepoint per write: each
/// one made SQLite copy every page the write touched into a statement journal, on the hot path of every
/// message, for a case that almost never happens). The WAL is copied into the database file by a checkpointer
/// thread of its own, never inside the writer's commits. The schema is migrated at start by <see cref="SqliteSchema"/>.
/// </summary>
public sealed partial class SqliteDatabase : IAsyncDisposable, IDisposable
{
    /// <summary>At most this many writes share a transaction, which bounds how long one commit holds the others.</summary>
    public const int MaxBatch = 256;

    private readonly Channel<PendingWrite> _queue = Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions { SingleReader = true });
    // Wakes the writer when it found the queue empty. It blocks without spinning first: waiting on the channel's task
    // spun and yielded before it slept, a tenth of the writer thread's time under load (docs/performance.md), on a
    // machine whose cores the hub calls need.
    private readonly ManualResetEventSlim _queued = new(initialState: false, spinCount: 0);
    private readonly TaskCompletionSource _writerDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Exception? _writerFailure; // why the writer stopped, if it failed: every later write fails with it
    private SqliteConnection? _writerConnection; // the writer's own, kept open between batches; only the writer touches it
    private readonly Dictionary<string, SqliteCommand> _writerCommands = []; // compiled on _writerConnection; only the writer touches them
    private readonly Dictionary<string, WriterStatement> _writerStatements = []; // prepared on _writerConnection; only the writer touches them
    private long _commits;

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
        new Thread(WriteBatches) { IsBackground = true, Name = "sqlite-writer" }.Start();
        new Thread(CheckpointInBackground) { IsBackground = true, Name = "sqlite-checkpoint" }.Start();
    }

    public string Path { get; }
    public string ConnectionString { get; }

    /// <summary>
    /// NORMAL survives a killed process (the WAL is in the OS page cache); FULL also survives
    /// power loss at the cost of an fsync per commit. Set with AskLibrary:Storage:Synchronous.
    /// </summary>
    public string Synchronous { get; }

    /// <summary>
    /// What the message log holds, as the writer's connection knows it (<see cref="SqliteConversationStore"/>'s appends):
    /// one per writer, whichever store objects share it. Only work given to <see cref="WriteAsync{T}"/> may use it.
    /// </summary>
    internal MessageLogView MessageLog { get; } = new();

    /// <summary>Transactions committed so far (tests and diagnostics: how many writes shared a commit).</summary>
    public long Commits => Interlocked.Read(ref _commits);

    public async Task<SqliteConnection> OpenAsync(CancellationToken ct)
    {
        var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync(ct);
        await using var pragma = connection.CreateCommand();
        pragma.CommandText = $"PRAGMA synchronous = {Synchronous}; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000;";
        await pragma.ExecuteNonQueryAsync(ct);
        return connection;
    }

    /// <summary>
    /// Runs a write in a transaction, possibly together with other callers' writes, and completes after the
    /// commit. The work must only use the connection and transaction it is given, and must not write again
    /// from inside (it would wait for itself).
    /// </summary>
    public Task<T> WriteAsync<T>(Func<SqliteConnection, WriteTransaction, Task<T>> work, CancellationToken ct)
    {
        if (ct.IsCancellationRequested)
            return Task.FromCanceled<T>(ct);
        var write = new PendingWrite<T>(work, ct);
        if (!_queue.Writer.TryWrite(write))
            return Task.FromException<T>(Volatile.Read(ref _writerFailure) ?? new ObjectDisposedException(nameof(SqliteDatabase)));
        _queued.Set();
        return write.Task;
    }

    public Task WriteAsync(Func<SqliteConnection, WriteTransaction, Task> work, CancellationToken ct) =>
        WriteAsync(async (c, t) => { await work(c, t); return true; }, ct);

    /// <summary>
    /// Runs a read on a pooled connection of its own. Without <see cref="OpenAsync"/>'s PRAGMAs, which only writes need
    /// (the driver itself retries a read that finds the file busy, up to its command timeout), so a read does not parse
    /// and run three more statements each time it takes a connection from the pool.
    /// </summary>
    public async Task<T> ReadAsync<T>(Func<SqliteConnection, Task<T>> work, CancellationToken ct)
    {
        await using var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync(ct);
        return await work(connection);
    }

    /// <summary>
    /// The single writer, on a thread of its own: whatever queued up while the last commit ran becomes the next batch.
    /// Every write of the service waits for it, so it must not wait its turn behind the hub calls queued on the thread
    /// pool each time it wakes for a batch (as a thread-pool loop did; docs/performance.md). SQLite's calls are
    /// synchronous anyway, so the thread blocks only while the queue is empty.
    /// </summary>
    private void WriteBatches()
    {
        var batch = new List<PendingWrite>(MaxBatch);
        try
        {
            while (true)
            {
                _queued.Reset();
                if (!_queue.Reader.TryPeek(out _))
                {
                    if (_queue.Reader.Completion.IsCompleted)
                        break;
                    _queued.Wait(); // a write queued since the reset has set it again
                    continue;
                }
                while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var write))
                {
                    if (write.Cancellation.IsCancellationRequested)
                        write.Fail(new OperationCanceledException(write.Cancellation));
                    else
                        batch.Add(write);
                }
                var more = batch.Count == MaxBatch; // otherwise the queue was empty when the batch was taken
                if (batch.Count > 0)
                    WriteBatchAsync(batch).GetAwaiter().GetResult();
                batch.Clear();
                FinishCheckpointIfDue(more);
            }
        }
        catch (Exception ex)
        {
            // Not expected (each write's failure is its caller's), but a thread of its own must not take the process
            // down, and no caller may wait for a writer that has gone: the rest fail, and so does every later write.
            Volatile.Write(ref _writerFailure, ex);
            _queue.Writer.TryComplete();
            foreach (var write in batch)
                write.Fail(ex);
            while (_queue.Reader.TryRead(out var queued))
                queued.Fail(ex);
            _writerDone.TrySetException(ex);
        }
        finally
        {
            try
            {
                CloseWriterConnectionAsync().GetAwaiter().GetResult();
            }
            catch (Exception)
            {
                // closing the file at shutdown: nothing is left to write
            }
            _writerDone.TrySetResult();
        }
    }

    private async Task CloseWriterConnectionAsync()
    {
        foreach (var command in _writerCommands.Values)
            await command.DisposeAsync();
        _writerCommands.Clear();
        foreach (var statement in _writerStatements.Values)
            statement.Dispose();
        _writerStatements.Clear();
        if (_writerConnection is { } connection)
            await connection.DisposeAsync();
        _writerConnection = null;
    }

    /// <summary>
    /// A command on the writer's connection that stays compiled from one write to the next: SQLite parses and plans its
    /// SQL once per connection instead of once per call (preparing the message path's three statements was a tenth of
    /// the server's CPU under load, docs/performance.md). For the writes that run for every message or chat. Its
    /// parameters are given the values passed, in the same order every time; the caller must not dispose it (the
    /// writer does, with its connection).
    /// </summary>
    public SqliteCommand Compiled(SqliteConnection connection, WriteTransaction transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        RequireWriterConnection(connection, "Compiled commands");
        if (!_writerCommands.TryGetValue(sql, out var command))
        {
            command = connection.CreateCommand();
            command.CommandText = sql;
            foreach (var (name, _) in parameters)
                command.Parameters.Add(new SqliteParameter { ParameterName = name });
            _writerCommands[sql] = command;
        }
        transaction.RequireConnection(connection);
        for (var i = 0; i < parameters.Length; i++)
            command.Parameters[i].Value = parameters[i].Value ?? DBNull.Value;
        return command;
    }

    /// <summary>
    /// Like <see cref="Compiled"/>, for the statements that run for every message: a <see cref="WriterStatement"/> on
    /// SQLite's own API, started for one use. Dispose the run before the work returns.
    /// </summary>
    public WriterStatement.Run Prepared(SqliteConnection connection, string sql)
    {
        RequireWriterConnection(connection, "Prepared statements");
        if (!_writerStatements.TryGetValue(sql, out var statement))
            _writerStatements[sql] = statement = new WriterStatement(connection, sql);
        return statement.Start();
    }

    private void RequireWriterConnection(SqliteConnection connection, string what)
    {
        if (!ReferenceEquals(connection, _writerConnection))
            throw new InvalidOperationException($"{what} belong to the writer's connection: use them inside WriteAsync only.");
    }

    private async Task WriteBatchAsync(List<PendingWrite> batch)
    {
        if (await TryCommitAsync(batch) is not { } failure)
            return;
        if (batch.Count == 1)
        {
            batch[0].Fail(failure);
            return;
        }
        // A write threw or the transaction failed as a whole, so none of it is stored. Write them again one by
        // one, so that one failing write cannot take its neighbours' messages down with it.
        foreach (var write in batch.Where(w => !w.IsCompleted))
            if (await TryCommitAsync([write]) is { } alone)
                write.Fail(alone);
    }

    /// <returns>
    /// Null when committed (each write's caller is then told); otherwise the reason nothing was committed: a write
    /// threw (it is rolled back with the rest), or the transaction failed as a whole. The caller then writes the
    /// batch's members one by one, and a write that throws on its own fails its caller.
    /// </returns>
    private async Task<Exception?> TryCommitAsync(IReadOnlyList<PendingWrite> writes)
    {
        try
        {
            var connection = _writerConnection ??= await OpenWriterAsync();
            var transaction = new WriteTransaction(connection);
            using (var begin = Prepared(connection, "BEGIN IMMEDIATE"))
                begin.Step();
            foreach (var write in writes)
                await write.RunAsync(connection, transaction);
            using (var commit = Prepared(connection, "COMMIT"))
                commit.Step();
        }
        catch (Exception ex)
        {
            // Start the next attempt on a fresh connection rather than one a failure may have left in a bad state. The
            // connection goes back to the driver's pool, so whatever the failure left of the transaction is rolled back
            // first.
            RollBackQuietly();
            await CloseWriterConnectionAsync();
            return ex;
        }
        Interlocked.Increment(ref _commits);
        foreach (var write in writes)
            write.Complete();
        return null;
    }

    private void RollBackQuietly()
    {
        if (_writerConnection?.Handle is not { } handle || raw.sqlite3_get_autocommit(handle) != 0)
            return; // no connection, or SQLite ended the transaction itself
        // The only outcome that matters is that no transaction stays open: closing the connection does the rest.
        _ = raw.sqlite3_exec(handle, "ROLLBACK");
    }

    /// <summary>
    /// The writer's connection: an 8 MB page cache (the leaves of the open chats' messages stay in memory between
    /// batches instead of being read back) and statement journals in memory. Not larger: every commit scans the
    /// cache's hash table once (pcache1TruncateUnsafe), and with 64 MB that scan was 5 % of the server's CPU
    /// under load (docs/performance.md). No automatic checkpoints (SqliteDatabase.Checkpoints.cs).
    /// </summary>
    private async Task<SqliteConnection> OpenWriterAsync()
    {
        var connection = await OpenAsync(CancellationToken.None);
        await using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA cache_size = -8192; PRAGMA temp_store = MEMORY; PRAGMA wal_autocheckpoint = 0;";
        await pragma.ExecuteNonQueryAsync();
        return connection;
    }

    public async ValueTask DisposeAsync()
    {
        Dispose();
        await _writerDone.Task;
        await _checkpointerDone.Task;
    }

    /// <summary>Stops taking writes; those already queued are still written by the writer.</summary>
    public void Dispose()
    {
        _queue.Writer.TryComplete();
        _queued.Set();
        _stopping.Cancel();
    }

    private abstract class PendingWrite
    {
        public abstract CancellationToken Cancellation { get; }
        public abstract bool IsCompleted { get; }
        /// <summary>Runs the work inside the batch's transaction and keeps its result until the commit.</summary>
        public abstract Task RunAsync(SqliteConnection connection, WriteTransaction transaction);
        public abstract void Complete();
        public abstract void Fail(Exception exception);
    }

    private sealed class PendingWrite<T>(Func<SqliteConnection, WriteTransaction, Task<T>> work, CancellationToken ct) : PendingWrite
    {
        // Callers continue on the thread pool, never on the writer: the writer goes straight on to the next batch.
        private readonly TaskCompletionSource<T> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T _result = default!;

        public Task<T> Task => _done.Task;
        public override CancellationToken Cancellation => ct;
        public override bool IsCompleted => _done.Task.IsCompleted;

        public override async Task RunAsync(SqliteConnection connection, WriteTransaction transaction) =>
            _result = await work(connection, transaction);

        public override void Complete() => _done.TrySetResult(_result);

        public override void Fail(Exception exception)
        {
            if (exception is OperationCanceledException canceled && ct.IsCancellationRequested)
                _done.TrySetCanceled(canceled.CancellationToken);
            else
                _done.TrySetException(exception);
        }
    }
}
