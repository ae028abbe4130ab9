using AskLibrary.Chat;
using AskLibrary.Chat.Contracts;
using AskLibrary.Storage.Sqlite;

namespace AskLibrary.Tests.Storage;

/// <summary>
/// Group commit of the embedded store, on a real SQLite file. The backend-neutral rules (numbering, idempotency) are
/// in Contracts/ and run on every store.
/// </summary>
public sealed class SqliteGroupCommitTests() : SqliteConversationStoreTestBase("store")
{
    /// <summary>Holds the single writer inside a write until the returned source is set, so the next writes queue up as one batch.</summary>
    private async Task<(Task Held, TaskCompletionSource Release)> HoldTheWriterAsync()
    {
        var running = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var held = Db.WriteAsync(async (_, _) => { running.SetResult(); await release.Task; }, CancellationToken.None);
        await running.Task.WaitAsync(TimeSpan.FromSeconds(30));
        return (held, release);
    }

    [Fact]
    public async Task Appends_queued_together_from_many_conversations_share_one_commit_and_stay_gapless_per_conversation()
    {
        var ids = Enumerable.Range(0, 20).Select(i => $"c{i}").ToList();
        foreach (var id in ids)
            await CreateAsync(id);
        var (held, release) = await HoldTheWriterAsync();
        var commitsBefore = Db.Commits;

        var appends = ids.SelectMany(id => Enumerable.Range(0, 5).Select(i =>
            (Id: id, I: i, Task: Store.AppendAsync(new NewMessage(id, MessageKind.Patron, "v", null, $"{id} m{i}", $"{id}-{i}", null, T0), CancellationToken.None)))).ToList();
        Assert.All(appends, a => Assert.False(a.Task.IsCompleted)); // nothing is acknowledged before its commit
        release.SetResult();
        await held;
        await Task.WhenAll(appends.Select(a => a.Task));

        Assert.Equal(commitsBefore + 2, Db.Commits); // the holding write's own commit, then one for all 100 appends
        foreach (var id in ids)
        {
            var mine = appends.Where(a => a.Id == id).OrderBy(a => a.I).Select(a => a.Task.Result.Message.Seq);
            Assert.Equal([2, 3, 4, 5, 6], mine); // queued in this order, numbered in this order
            var stored = await Store.ListMessagesAsync(id, 0, includeNotes: true, CancellationToken.None);
            Assert.Equal(Enumerable.Range(1, 6).Select(i => (long)i), stored.Select(m => m.Seq));
            Assert.Equal(6, (await Store.FindAsync(id, CancellationToken.None))!.LastSeq);
        }
    }

    [Fact]
    public async Task A_client_message_id_repeated_within_one_batch_is_written_once_and_both_callers_get_its_number()
    {
        await CreateAsync("c1");
        await CreateAsync("c2");
        var (held, release) = await HoldTheWriterAsync();
        var first = Store.AppendAsync(new NewMessage("c1", MessageKind.Patron, "v", null, "hello", "same", null, T0), CancellationToken.None);
        var other = Store.AppendAsync(new NewMessage("c2", MessageKind.Patron, "v", null, "hello", "same", null, T0), CancellationToken.None);
        var again = Store.AppendAsync(new NewMessage("c1", MessageKind.Patron, "v", null, "hello (retry)", "same", null, T0), CancellationToken.None);
        release.SetResult();
        await held;

        Assert.False((await first).Duplicate);
        Assert.True((await again).Duplicate);
        Assert.Equal((await first).Message, (await again).Message);
        Assert.False((await other).Duplicate); // client ids are per conversation
        Assert.Equal(2, (await Store.ListMessagesAsync("c1", 0, true, CancellationToken.None)).Count);
        Assert.Equal(2, (await Store.FindAsync("c1", CancellationToken.None))!.LastSeq);
    }

    [Fact]
    public async Task A_write_that_fails_in_a_batch_fails_only_its_caller()
    {
        await CreateAsync("c1");
        var (held, release) = await HoldTheWriterAsync();
        var before = Store.AppendAsync(new NewMessage("c1", MessageKind.Patron, "v", null, "before", "a", null, T0), CancellationToken.None);
        var missing = Store.AppendAsync(new NewMessage("no-such-chat", MessageKind.Patron, "v", null, "lost", "b", null, T0), CancellationToken.None);
        var after = Store.AppendAsync(new NewMessage("c1", MessageKind.Patron, "v", null, "after", "c", null, T0), CancellationToken.None);
        release.SetResult();
        await held;

        await Assert.ThrowsAsync<InvalidOperationException>(() => missing);
        Assert.Equal(2, (await before).Message.Seq);
        Assert.Equal(3, (await after).Message.Seq);
        Assert.Equal(["q", "before", "after"], (await Store.ListMessagesAsync("c1", 0, true, CancellationToken.None)).Select(m => m.Text));
    }

    [Fact]
    public async Task A_write_that_breaks_the_whole_transaction_fails_alone_and_its_neighbours_are_written_again_on_their_own()
    {
        await CreateAsync("c1");
        await CreateAsync("c2");
        var (held, release) = await HoldTheWriterAsync();
        var c1 = Store.AppendAsync(new NewMessage("c1", MessageKind.Patron, "v", null, "one", "a", null, T0), CancellationToken.None);
        // Ends the shared transaction behind the batch's back: nothing written before it in the batch would be committed.
        var breaker = Db.WriteAsync(async (connection, tx) =>
        {
            await using var rollback = connection.Command("ROLLBACK", tx);
            await rollback.ExecuteNonQueryAsync();
        }, CancellationToken.None);
        var c2 = Store.AppendAsync(new NewMessage("c2", MessageKind.Patron, "v", null, "two", "b", null, T0), CancellationToken.None);
        release.SetResult();
        await held;

        await Assert.ThrowsAnyAsync<Exception>(() => breaker);
        Assert.Equal(2, (await c1).Message.Seq);
        Assert.Equal(2, (await c2).Message.Seq);
        Assert.Equal(["q", "one"], (await Store.ListMessagesAsync("c1", 0, true, CancellationToken.None)).Select(m => m.Text));
        Assert.Equal(["q", "two"], (await Store.ListMessagesAsync("c2", 0, true, CancellationToken.None)).Select(m => m.Text));
    }
}
