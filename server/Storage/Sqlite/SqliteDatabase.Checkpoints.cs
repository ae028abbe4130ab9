using Microsoft.Data.Sqlite;
using Microsoft.Win32.SafeHandles;

namespace AskLibrary.Storage.Sqlite;

// Checkpoints: copying committed pages from the WAL into the database file. SQLite's own automatic checkpoint ran
// inside the commit that crossed 1,000 WAL pages: under load one commit in a few hundred then took tens of
// milliseconds, with every message of the service queued behind it (docs/performance.md). So the writer's connection
// has wal_autocheckpoint = 0, and
// - a checkpointer thread runs a PASSIVE checkpoint every CheckpointEvery: commits go on meanwhile, and it blocks on
//   file writes and fsync on its own thread. Then it syncs the database file and the WAL itself (SyncToDisk);
// - the writer finishes the copy between its batches. A checkpoint running beside the writer never copies the very
//   last frame under steady load, and SQLite starts the WAL over only once a checkpoint has copied all of it: without
//   this the WAL grew by a gigabyte in 30 s at 3,600 messages/s. With no commit in between, the writer's checkpoint
//   copies everything (the few frames since the checkpointer's last pass), and its next commit starts the WAL over.
//   Every write waits while it runs, so the writer takes the moment just after a pass and its sync, when there is
//   least left to copy and to sync.
public sealed partial class SqliteDatabase
{
    /// <summary>How often the checkpointer copies what the writer committed since into the database file.</summary>
    public static readonly TimeSpan CheckpointEvery = TimeSpan.FromMilliseconds(200);

    /// <summary>The writer finishes a checkpoint when nothing is waiting, at most this often…</summary>
    private static readonly TimeSpan WriterCheckpointEvery = TimeSpan.FromMilliseconds(500);

    /// <summary>…and regardless of waiting writes once this has passed…</summary>
    private static readonly TimeSpan WriterCheckpointAtLeastEvery = TimeSpan.FromSeconds(1);

    /// <summary>…each time within this long after a short pass of the checkpointer and its sync…</summary>
    private static readonly TimeSpan WriterCheckpointAfterPass = TimeSpan.FromMilliseconds(20);

    /// <summary>A pass and its sync at most this long are short: a long one, after a fold, leaves many pages written meanwhile.</summary>
    private static readonly TimeSpan ShortPass = TimeSpan.FromMilliseconds(20);

    /// <summary>…or, once this has passed without a short pass (writes so heavy that every pass is long), after any pass…</summary>
    private static readonly TimeSpan WriterCheckpointAfterAnyPass = TimeSpan.FromSeconds(1.5);

    /// <summary>…unless this has passed (a quiet service, whose checkpointer has nothing to do): then at once.</summary>
    private static readonly TimeSpan WriterCheckpointOverdue = TimeSpan.FromSeconds(3);

    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource _checkpointerDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _checkpointing = new(); // one checkpoint at a time: the checkpointer's or the writer's
    private long _writerCheckpointedAt = TimeProvider.System.GetTimestamp();
    private long _passSyncedAt; // when the checkpointer last finished a pass and its sync; 0 before the first
    private long _shortPassSyncedAt; // the same for the last short pass (ShortPass)
    private long _failedCheckpoints;

    /// <summary>Checkpoints and syncs that failed (diagnostics; the next one copies or syncs what this one did not).</summary>
    public long FailedCheckpoints => Interlocked.Read(ref _failedCheckpoints);

    /// <summary>The checkpointer thread, with a connection of its own kept between passes.</summary>
    private void CheckpointInBackground()
    {
        SqliteConnection? connection = null;
        SafeFileHandle? databaseFile = null;
        var checkpointed = 0L;
        try
        {
            while (!_stopping.Token.WaitHandle.WaitOne(CheckpointEvery))
            {
                var commits = Commits;
                if (commits == checkpointed)
                    continue;
                var passStarted = TimeProvider.System.GetTimestamp();
                try
                {
                    connection ??= OpenAsync(CancellationToken.None).GetAwaiter().GetResult(); // completes synchronously
                    Checkpoint(connection, wait: true);
                    checkpointed = commits;
                }
                catch (Exception)
                {
                    // Nothing is lost: the pages stay in the WAL, where every read finds them, for the next pass, which
                    // starts on a fresh connection.
                    Interlocked.Increment(ref _failedCheckpoints);
                    connection?.Dispose();
                    connection = null;
                    continue;
                }
                try
                {
                    databaseFile ??= File.OpenHandle(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                    SyncToDisk(databaseFile);
                    var synced = TimeProvider.System.GetTimestamp();
                    Interlocked.Exchange(ref _passSyncedAt, synced);
                    if (TimeProvider.System.GetElapsedTime(passStarted, synced) <= ShortPass)
                        Interlocked.Exchange(ref _shortPassSyncedAt, synced);
                }
                catch (Exception)
                {
                    // Nothing is lost either: SQLite syncs both files itself in the writer's checkpoint, which then only
                    // takes longer. The descriptor stays open (see below).
                    Interlocked.Increment(ref _failedCheckpoints);
                }
            }
        }
        finally
        {
            connection?.Dispose();
            if (databaseFile is not null)
            {
                // Closing any descriptor of the database file drops every POSIX lock this process holds on it, SQLite's
                // included, so this one stays open while the database is in use: it is closed at shutdown, once the
                // writer has closed its connection.
                ((IAsyncResult)_writerDone.Task).AsyncWaitHandle.WaitOne();
                databaseFile.Dispose();
            }
            _checkpointerDone.TrySetResult();
        }
    }

    /// <summary>
    /// After a pass: writes to disk what the pass copied into the database file, and what the WAL gained meanwhile.
    /// SQLite syncs the database file only in a checkpoint that reaches the WAL's end, which under load is only the
    /// writer's. That sync then wrote out everything the passes had copied since the last one, and the WAL's sync all the
    /// WAL had gained since the last pass, while every write waited: 10–80 ms under load (an fsync on the benchmark's
    /// disk takes about 1.2 ms per MB written, docs/performance.md). Synced here, the writer's checkpoint is left with
    /// what it copies itself.
    /// </summary>
    private void SyncToDisk(SafeFileHandle databaseFile)
    {
        RandomAccess.FlushToDisk(databaseFile);
        // SQLite holds no locks on the WAL, so its descriptor may be closed at once; it is opened each time, as SQLite
        // deletes the file when its last connection closes.
        try
        {
            using var wal = File.OpenHandle(Path + "-wal", FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            RandomAccess.FlushToDisk(wal);
        }
        catch (FileNotFoundException)
        {
            // no WAL at the moment: nothing to sync
        }
    }

    /// <summary>The writer, between batches: finishes the copy when it is due (see above).</summary>
    private void FinishCheckpointIfDue(bool writesWaiting)
    {
        if (_writerConnection is not { } connection)
            return;
        var since = TimeProvider.System.GetElapsedTime(_writerCheckpointedAt);
        if (since < WriterCheckpointEvery || (writesWaiting && since < WriterCheckpointAtLeastEvery))
            return;
        var overdue = since >= WriterCheckpointOverdue;
        var pass = Interlocked.Read(ref since >= WriterCheckpointAfterAnyPass ? ref _passSyncedAt : ref _shortPassSyncedAt);
        if (!overdue && TimeProvider.System.GetElapsedTime(pass) > WriterCheckpointAfterPass)
            return;
        try
        {
            // While the checkpointer is at it, the writer tries again after its next batch; once overdue it waits for
            // that pass to finish.
            if (!Checkpoint(connection, wait: overdue))
                return;
        }
        catch (Exception)
        {
            Interlocked.Increment(ref _failedCheckpoints); // the pages stay in the WAL for the next checkpoint
        }
        _writerCheckpointedAt = TimeProvider.System.GetTimestamp();
    }

    /// <summary>One PASSIVE checkpoint, never two at once (the second would copy nothing); false when another was running and <paramref name="wait"/> is false.</summary>
    private bool Checkpoint(SqliteConnection connection, bool wait)
    {
        if (wait)
            _checkpointing.Enter();
        else if (!_checkpointing.TryEnter())
            return false;
        try
        {
            using var checkpoint = connection.Command("PRAGMA wal_checkpoint(PASSIVE);");
            checkpoint.ExecuteNonQuery();
            return true;
        }
        finally
        {
            _checkpointing.Exit();
        }
    }
}
