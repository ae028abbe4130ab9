using Microsoft.Data.Sqlite;

namespace AskLibrary.Storage.Sqlite;

// Checkpoints: copying committed pages from the WAL into the database file. SQLite's own automatic checkpoint ran
// inside the commit that crossed 1,000 WAL pages: under load one commit in a few hundred then took tens of
// milliseconds, with every message of the service queued behind it (docs/performance.md). So the writer's connection
// has wal_autocheckpoint = 0, and
// - a checkpointer thread runs a PASSIVE checkpoint every CheckpointEvery: commits go on meanwhile, and it blocks on
//   file writes and fsync on its own thread;
// - the writer finishes the copy between its batches. A checkpoint running beside the writer never copies the very
//   last frame under steady load, and SQLite starts the WAL over only once a checkpoint has copied all of it: without
//   this the WAL grew by a gigabyte in 30 s at 3,600 messages/s. With no commit in between, the writer's checkpoint
//   copies everything (the few frames since the checkpointer's last pass), and its next commit starts the WAL over.
public sealed partial class SqliteDatabase
{
    /// <summary>How often the checkpointer copies what the writer committed since into the database file.</summary>
    public static readonly TimeSpan CheckpointEvery = TimeSpan.FromMilliseconds(200);

    /// <summary>The writer finishes a checkpoint when nothing is waiting, at most this often…</summary>
    private static readonly TimeSpan WriterCheckpointEvery = TimeSpan.FromMilliseconds(500);

    /// <summary>…and regardless of waiting writes once this has passed.</summary>
    private static readonly TimeSpan WriterCheckpointAtLeastEvery = TimeSpan.FromSeconds(1);

    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource _checkpointerDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _checkpointing = new(); // one checkpoint at a time: the checkpointer's or the writer's
    private long _writerCheckpointedAt = TimeProvider.System.GetTimestamp();
    private long _failedCheckpoints;

    /// <summary>Checkpoints that failed (diagnostics; the next one copies what this one did not).</summary>
    public long FailedCheckpoints => Interlocked.Read(ref _failedCheckpoints);

    /// <summary>The checkpointer thread, with a connection of its own kept between passes.</summary>
    private void CheckpointInBackground()
    {
        SqliteConnection? connection = null;
        var checkpointed = 0L;
        try
        {
            while (!_stopping.Token.WaitHandle.WaitOne(CheckpointEvery))
            {
                var commits = Commits;
                if (commits == checkpointed)
                    continue;
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
                }
            }
        }
        finally
        {
            connection?.Dispose();
            _checkpointerDone.TrySetResult();
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
        try
        {
            // While the checkpointer is at it, an idle writer tries again after its next batch; once the longest
            // interval has passed it waits for that pass (mostly done by then) to finish.
            if (!Checkpoint(connection, wait: since >= WriterCheckpointAtLeastEvery))
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
