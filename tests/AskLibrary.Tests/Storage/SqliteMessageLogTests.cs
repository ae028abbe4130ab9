using AskLibrary.Chat;
using AskLibrary.Chat.Contracts;
using AskLibrary.Storage.Sqlite;

namespace AskLibrary.Tests.Storage;

/// <summary>
/// The embedded store appends messages to a log and folds the log into the messages table in bulk. Whichever side
/// of a fold a message is on, a transcript, a retry, a search and the conversation's last number read the same.
/// </summary>
public sealed class SqliteMessageLogTests() : SqliteConversationStoreTestBase("msglog")
{
    private async Task<long> LoggedAsync()
    {
        await using var connection = await Db.OpenAsync(CancellationToken.None);
        await using var count = connection.Command("SELECT COUNT(*) FROM message_log");
        return (long)(await count.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task A_chat_reads_the_same_with_its_messages_on_both_sides_of_a_fold()
    {
        await CreateAsync("c1");
        await AppendAsync("c1", "renewals", "a");
        await AppendAsync("c1", "interlibrary loan", "b");
        await Store.FoldAsync(CancellationToken.None);
        Assert.Equal(0, await LoggedAsync());
        await AppendAsync("c1", "opening hours", "c");
        await AppendAsync("c1", "printing", "d");
        Assert.Equal(2, await LoggedAsync());

        // Numbering carries on from the folded messages; a retry of a folded one and of a logged one is answered, not stored.
        var retryFolded = await AppendAsync("c1", "interlibrary loan (retry)", "b");
        var retryLogged = await AppendAsync("c1", "opening hours (retry)", "c");
        Assert.True(retryFolded.Duplicate);
        Assert.Equal(3, retryFolded.Message.Seq);
        Assert.True(retryLogged.Duplicate);
        Assert.Equal(4, retryLogged.Message.Seq);
        Assert.Equal("printing", (await Store.FindByClientMessageIdAsync("c1", "d", CancellationToken.None))!.Text);
        Assert.Equal("renewals", (await Store.FindByClientMessageIdAsync("c1", "a", CancellationToken.None))!.Text);

        Assert.Equal(["q", "renewals", "interlibrary loan", "opening hours", "printing"],
            (await Store.ListMessagesAsync("c1", 0, includeNotes: true, CancellationToken.None)).Select(m => m.Text));
        Assert.Equal([3L, 4, 5], (await Store.ListMessagesAsync("c1", 2, includeNotes: true, CancellationToken.None)).Select(m => m.Seq));
        Assert.Equal(5, (await Store.FindAsync("c1", CancellationToken.None))!.LastSeq);
        Assert.Equal(5, Assert.Single(await Store.ListOpenAsync(CancellationToken.None)).LastSeq);

        var inLog = await Store.SearchAsync(new TranscriptQuery(null, null, null, "printing", 0, 10), CancellationToken.None);
        var folded = await Store.SearchAsync(new TranscriptQuery(null, null, null, "interlibrary", 0, 10), CancellationToken.None);
        Assert.Equal(1, inLog.Total);
        Assert.Equal(1, folded.Total);

        // A document replaced while messages wait in the log keeps the later number.
        var current = (await Store.FindAsync("c1", CancellationToken.None))!;
        await Store.ReplaceAsync(current with { State = ConversationState.Active, LastSeq = 1 }, CancellationToken.None);
        Assert.Equal(5, (await Store.FindAsync("c1", CancellationToken.None))!.LastSeq);

        await Store.FoldAsync(CancellationToken.None);
        Assert.Equal(0, await LoggedAsync());
        Assert.Equal([1L, 2, 3, 4, 5], (await Store.ListMessagesAsync("c1", 0, includeNotes: true, CancellationToken.None)).Select(m => m.Seq));
        Assert.Equal(5, (await Store.FindAsync("c1", CancellationToken.None))!.LastSeq);
        Assert.Equal(6, (await AppendAsync("c1", "thanks", "e")).Message.Seq);
    }

    [Fact]
    public async Task Appends_fold_the_log_by_themselves_and_every_chat_keeps_all_its_messages_in_order()
    {
        string[] ids = ["c1", "c2", "c3"];
        foreach (var id in ids)
            await CreateAsync(id);
        var perChat = SqliteConversationStore.FoldEvery / ids.Length + 20;
        // Sent concurrently so that they share commits, as a busy service's messages do.
        await Task.WhenAll(ids.Select(async id =>
        {
            for (var i = 0; i < perChat; i++)
                await AppendAsync(id, $"{id} message {i}", $"{id}-{i}");
        }));

        var appended = ids.Length * (perChat + 1);
        for (var i = 0; i < 300 && await LoggedAsync() >= SqliteConversationStore.FoldEvery; i++)
            await Task.Delay(100); // the fold the appends started runs behind them
        Assert.True(await LoggedAsync() < SqliteConversationStore.FoldEvery, "the appends never folded the log");

        foreach (var id in ids)
        {
            var messages = await Store.ListMessagesAsync(id, 0, includeNotes: true, CancellationToken.None);
            Assert.Equal(Enumerable.Range(1, perChat + 1).Select(i => (long)i), messages.Select(m => m.Seq));
            Assert.Equal($"{id} message {perChat - 1}", messages[^1].Text);
            Assert.Equal(perChat + 1, (await Store.FindAsync(id, CancellationToken.None))!.LastSeq);
            Assert.True((await AppendAsync(id, "retry", $"{id}-0")).Duplicate);
        }
        await using var connection = await Db.OpenAsync(CancellationToken.None);
        await using var total = connection.Command("SELECT (SELECT COUNT(*) FROM messages) + (SELECT COUNT(*) FROM message_log)");
        Assert.Equal((long)appended, (long)(await total.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task Chats_read_the_same_between_the_steps_of_a_fold_and_keep_the_messages_sent_meanwhile()
    {
        // Three steps: the chats are folded FoldStep at a time, in the order of their ids.
        var ids = Enumerable.Range(0, 2 * SqliteConversationStore.FoldStep + 10).Select(i => $"c{i:D3}").ToArray();
        foreach (var id in ids)
        {
            await CreateAsync(id);
            await AppendAsync(id, $"{id} renewals", $"{id}-a");
        }
        var (folded, waiting) = (ids[0], ids[^1]);
        var checkedBetweenSteps = false;
        Store.AfterFoldStep = async step =>
        {
            if (step != 0)
                return;
            checkedBetweenSteps = true;
            // The first step's chats are copied into `messages` and still in the log: each message is read once.
            Assert.Equal(["q", $"{folded} renewals"], (await Store.ListMessagesAsync(folded, 0, includeNotes: true, CancellationToken.None)).Select(m => m.Text));
            Assert.Equal(2, (await Store.FindAsync(folded, CancellationToken.None))!.LastSeq);
            var retry = await AppendAsync(folded, "renewals (retry)", $"{folded}-a");
            Assert.True(retry.Duplicate);
            Assert.Equal(2, retry.Message.Seq);
            Assert.Equal(3, (await AppendAsync(folded, "opening hours", $"{folded}-b")).Message.Seq);
            Assert.Equal(3, (await AppendAsync(waiting, "opening hours", $"{waiting}-b")).Message.Seq);
        };
        await Store.FoldAsync(CancellationToken.None);
        Store.AfterFoldStep = null;

        Assert.True(checkedBetweenSteps);
        Assert.Equal(2, await LoggedAsync()); // the two sent during the fold wait for the next one
        foreach (var id in new[] { folded, waiting })
        {
            Assert.Equal(["q", $"{id} renewals", "opening hours"],
                (await Store.ListMessagesAsync(id, 0, includeNotes: true, CancellationToken.None)).Select(m => m.Text));
            Assert.Equal(3, (await Store.FindAsync(id, CancellationToken.None))!.LastSeq);
            Assert.True((await AppendAsync(id, "opening hours (retry)", $"{id}-b")).Duplicate);
        }
        await Store.FoldAsync(CancellationToken.None);
        Assert.Equal(0, await LoggedAsync());
        await using var connection = await Db.OpenAsync(CancellationToken.None);
        await using var total = connection.Command("SELECT COUNT(*) FROM messages");
        Assert.Equal(2L * ids.Length + 2, (long)(await total.ExecuteScalarAsync())!);
        Assert.Equal(4, (await AppendAsync(folded, "thanks", $"{folded}-c")).Message.Seq);
    }

    [Fact]
    public async Task A_fold_keeps_a_message_that_took_the_rowid_of_a_row_deleted_during_the_fold()
    {
        // c2's message is the log's last row when the fold starts. A redaction folds c2 on its own while the fold runs,
        // and the next message (c1's) is given the freed rowid: the fold's last step must not take it for one it copied.
        await CreateAsync("c1");
        var c2 = await CreateAsync("c2");
        await AppendAsync("c1", "renewals", "a");
        var last = (await AppendAsync("c2", "my card is 2100012345", "b")).Message;
        Store.AfterFoldStep = async _ =>
        {
            var closed = c2 with { State = ConversationState.Closed, ClosedAt = T0.AddMinutes(5) };
            await Store.ReplaceAsync(closed, CancellationToken.None);
            await Store.RedactAsync(closed with { AnonymisedAt = T0.AddDays(1) }, [last with { Text = "[removed]" }], CancellationToken.None);
            Assert.Equal(3, (await AppendAsync("c1", "opening hours", "c")).Message.Seq);
        };
        await Store.FoldAsync(CancellationToken.None);
        Store.AfterFoldStep = null;

        Assert.Equal(["q", "renewals", "opening hours"], (await Store.ListMessagesAsync("c1", 0, includeNotes: true, CancellationToken.None)).Select(m => m.Text));
        Assert.Equal(["q", "[removed]"], (await Store.ListMessagesAsync("c2", 0, includeNotes: true, CancellationToken.None)).Select(m => m.Text));
        Assert.Equal(1, await LoggedAsync());
        Assert.True((await AppendAsync("c1", "opening hours (retry)", "c")).Duplicate);
        Assert.Equal(4, (await AppendAsync("c1", "thanks", "d")).Message.Seq);
    }

    [Fact]
    public async Task Two_processes_on_one_file_number_one_chat_without_gaps_and_recognise_each_others_retries()
    {
        // A second SqliteDatabase on the same file is what a second server process is: its own writer and connections.
        await CreateAsync("c1");
        await using var otherDb = new SqliteDatabase(Db.Path, "NORMAL");
        var other = new SqliteConversationStore(otherDb);
        Task<AppendResult> OnOther(string text, string clientId) =>
            other.AppendAsync(new NewMessage("c1", MessageKind.Librarian, "s", "Li", text, clientId, null, T0), CancellationToken.None);

        Assert.Equal(2, (await AppendAsync("c1", "renewals", "a")).Message.Seq);
        Assert.Equal(3, (await OnOther("three weeks", "b")).Message.Seq);
        var readsBefore = Db.MessageLog.Reads;
        Assert.Equal(4, (await AppendAsync("c1", "and after that?", "c")).Message.Seq);
        Assert.Equal(readsBefore + 1, Db.MessageLog.Reads); // the other process had written: the log was read again
        Assert.Equal(5, (await AppendAsync("c1", "thanks", "d")).Message.Seq);
        Assert.Equal(readsBefore + 1, Db.MessageLog.Reads); // nobody else had: it was not

        var retryOfOthers = await AppendAsync("c1", "three weeks (retry)", "b");
        Assert.True(retryOfOthers.Duplicate);
        Assert.Equal(3, retryOfOthers.Message.Seq);
        Assert.True((await OnOther("renewals (retry)", "a")).Duplicate);

        // One process folds the log, the other's messages included; the other carries on from the folded numbers.
        await Store.FoldAsync(CancellationToken.None);
        Assert.Equal(0, await LoggedAsync());
        Assert.Equal(6, (await OnOther("you are welcome", "e")).Message.Seq);
        var retryFolded = await OnOther("and after that? (retry)", "c");
        Assert.True(retryFolded.Duplicate);
        Assert.Equal(4, retryFolded.Message.Seq);
        Assert.Equal(7, (await AppendAsync("c1", "bye", "f")).Message.Seq);

        Assert.Equal(["q", "renewals", "three weeks", "and after that?", "thanks", "you are welcome", "bye"],
            (await Store.ListMessagesAsync("c1", 0, includeNotes: true, CancellationToken.None)).Select(m => m.Text));
        Assert.Equal(7, (await other.FindAsync("c1", CancellationToken.None))!.LastSeq);
    }

    [Fact]
    public async Task Two_processes_folding_while_both_append_lose_and_repeat_no_message()
    {
        // More chats than one step of a fold holds, messages from both processes, and each process folding again and
        // again while the other appends and folds: every chat must end up with each number once, in order.
        var ids = Enumerable.Range(0, SqliteConversationStore.FoldStep + 36).Select(i => $"c{i:D3}").ToArray();
        foreach (var id in ids)
            await CreateAsync(id);
        await using var otherDb = new SqliteDatabase(Db.Path, "NORMAL");
        var other = new SqliteConversationStore(otherDb);
        const int perProcess = 12;

        async Task SendAndFold(SqliteConversationStore store, string who)
        {
            for (var i = 0; i < perProcess; i++)
            {
                await Task.WhenAll(ids.Select(id =>
                    store.AppendAsync(new NewMessage(id, MessageKind.Patron, "v", null, $"{who} {i}", $"{who}-{i}", null, T0), CancellationToken.None)));
                if (i % 3 == 2)
                    await store.FoldAsync(CancellationToken.None);
            }
        }
        await Task.WhenAll(SendAndFold(Store, "a"), SendAndFold(other, "b"), other.FoldAsync(CancellationToken.None));
        var beforeLastFold = await Store.ListMessagesAsync(ids[^1], 0, includeNotes: true, CancellationToken.None);
        await other.FoldAsync(CancellationToken.None);

        Assert.Equal(0, await LoggedAsync());
        var expected = Enumerable.Range(1, 1 + 2 * perProcess).Select(i => (long)i).ToArray();
        foreach (var id in ids)
        {
            var messages = await Store.ListMessagesAsync(id, 0, includeNotes: true, CancellationToken.None);
            Assert.Equal(expected, messages.Select(m => m.Seq));
            Assert.Equal(2 * perProcess, messages.Count(m => m.Text.StartsWith('a') || m.Text.StartsWith('b')));
            Assert.Equal(expected.Length, (await other.FindAsync(id, CancellationToken.None))!.LastSeq);
        }
        Assert.Equal(beforeLastFold, await Store.ListMessagesAsync(ids[^1], 0, includeNotes: true, CancellationToken.None));
    }

    [Fact]
    public async Task One_process_reads_the_log_into_memory_once_however_many_commits_and_checkpoints_follow()
    {
        await CreateAsync("c1");
        for (var round = 0; round < 6; round++)
        {
            for (var i = 0; i < 20; i++)
                await AppendAsync("c1", new string('x', 3000), $"m{round}-{i}");
            await Task.Delay(SqliteDatabase.CheckpointEvery * 1.5); // the checkpointer copies the WAL in between
        }
        Assert.Equal(0, Db.FailedCheckpoints);
        Assert.Equal(1, Db.MessageLog.Reads);
        Assert.Equal(122, (await AppendAsync("c1", "thanks", "last")).Message.Seq);
    }
}
