using AskLibrary.Chat;
using AskLibrary.Chat.Contracts;
using AskLibrary.Storage.Sqlite;
using AskLibrary.Tickets;
using Microsoft.Data.Sqlite;

namespace AskLibrary.Tests.Storage;

/// <summary>What only the embedded store has: its schema migrations, on a real SQLite file (the contracts cover the rest).</summary>
public sealed class SqliteSchemaTests : IAsyncLifetime
{
    private readonly TempSqliteFile _file = new("schema");

    private SqliteDatabase Db => _file.Database;

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _file.DisposeAsync().AsTask();

    [Fact]
    public async Task A_fresh_database_reaches_the_latest_schema_and_migrating_again_is_harmless()
    {
        await SqliteSchema.MigrateAsync(Db, CancellationToken.None);
        await SqliteSchema.MigrateAsync(Db, CancellationToken.None);
        await using var connection = await Db.OpenAsync(CancellationToken.None);
        await using var version = connection.CreateCommand();
        version.CommandText = "PRAGMA user_version";
        Assert.Equal((long)SqliteSchema.LatestVersion, await version.ExecuteScalarAsync());
        await using var mode = connection.CreateCommand();
        mode.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", await mode.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Offline_questions_stored_before_tickets_become_open_patron_tickets_with_the_same_id()
    {
        await SqliteSchema.MigrateAsync(Db, 3, CancellationToken.None);
        await using (var connection = await Db.OpenAsync(CancellationToken.None))
        await using (var insert = connection.CreateCommand())
        {
            // The document exactly as the old OfflineQuestionRecord was stored.
            insert.CommandText = """
                INSERT INTO offline_questions (id, visitor_id, client_request_id, created_at, doc) VALUES ('q_old', 'v_1', 'req-1', 1764039600000,
                '{"id":"q_old","visitorId":"v_1","clientRequestId":"req-1","queueId":"law","question":"Old question","email":"old@example.org","name":"Li","createdAt":"2026-11-25T03:00:00+00:00","status":"open"}')
                """;
            await insert.ExecuteNonQueryAsync();
        }

        await SqliteSchema.MigrateAsync(Db, CancellationToken.None);
        var store = new SqliteTicketStore(Db);
        var ticket = await store.FindAsync("q_old", CancellationToken.None);

        Assert.NotNull(ticket);
        Assert.Equal((TicketSource.Patron, TicketStatus.Open, "law", "Old question", "old@example.org", "Li", "v_1", "req-1"),
            (ticket.Source, ticket.Status, ticket.QueueId, ticket.Question, ticket.Email, ticket.Name, ticket.VisitorId, ticket.ClientRequestId));
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 3, 0, 0, TimeSpan.Zero), ticket.CreatedAt);
        Assert.Null(ticket.DueAt);
        Assert.Empty(ticket.Notes);
        // A retry of the old request still finds the old question.
        var retry = await store.AddAsync(ticket with { Id = "q_new" }, CancellationToken.None);
        Assert.Equal("q_old", retry.Id);
    }

    [Fact]
    public async Task Messages_stored_before_the_arrival_order_table_read_the_same_after_it_and_keep_their_numbers_unique()
    {
        var at = new DateTimeOffset(2026, 11, 24, 3, 0, 0, TimeSpan.Zero);
        await SqliteSchema.MigrateAsync(Db, 9, CancellationToken.None);
        await OldChatAsync("c1", at, lastSeq: 2, // "q" and "renewals" in the old `messages`, "three weeks" in the log
            ("messages", new StoredMessage("c1", 1, MessageKind.Patron, "v_1", null, "q", "start", null, at)),
            ("messages", new StoredMessage("c1", 2, MessageKind.Patron, "v_1", null, "renewals", "a", null, at)),
            ("message_log", new StoredMessage("c1", 3, MessageKind.Librarian, "s_1", "Li", "three weeks", "b", null, at)));

        await SqliteSchema.MigrateAsync(Db, CancellationToken.None);
        var store = new SqliteConversationStore(Db);

        Assert.Equal(["q", "renewals", "three weeks"], (await store.ListMessagesAsync("c1", 0, includeNotes: true, CancellationToken.None)).Select(m => m.Text));
        var retry = await store.AppendAsync(new NewMessage("c1", MessageKind.Patron, "v_1", null, "renewals (retry)", "a", null, at), CancellationToken.None);
        Assert.True(retry.Duplicate);
        Assert.Equal(2, retry.Message.Seq);
        await store.FoldAsync(CancellationToken.None);
        Assert.Equal(4, (await store.AppendAsync(new NewMessage("c1", MessageKind.Patron, "v_1", null, "thanks", "c", null, at), CancellationToken.None)).Message.Seq);
        Assert.Equal(1, (await store.SearchAsync(new TranscriptQuery(null, null, null, "renewals", 0, 10), CancellationToken.None)).Total);

        // The key is still a key: a second message 2 in the same chat is refused by the database itself.
        await using var connection = await Db.OpenAsync(CancellationToken.None);
        await using var duplicate = connection.Command(
            "INSERT INTO messages (conversation_id, seq, kind, at, text) VALUES ('c1', 2, 'patron', 0, 'x')");
        var refused = await Assert.ThrowsAsync<SqliteException>(() => duplicate.ExecuteNonQueryAsync());
        Assert.Contains("UNIQUE", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Messages_read_the_same_after_their_key_to_the_chat_is_checked_at_commit_and_a_message_of_no_chat_is_still_refused()
    {
        var at = new DateTimeOffset(2026, 12, 3, 3, 0, 0, TimeSpan.Zero);
        await SqliteSchema.MigrateAsync(Db, 10, CancellationToken.None);
        await OldChatAsync("c2", at, lastSeq: 2, [.. FirstTwo("c2", at).Select(m => ("messages", m))]); // with the key checked per statement
        await OldChatAsync("c1", at, lastSeq: 2, [.. FirstTwo("c1", at).Select(m => ("messages", m)),
            ("message_log", new StoredMessage("c1", 3, MessageKind.Librarian, "s_1", "Li", "c1 three weeks", "b", null, at))]);

        await SqliteSchema.MigrateAsync(Db, CancellationToken.None);
        var store = new SqliteConversationStore(Db);

        Assert.Equal(["c1 q", "c1 renewals", "c1 three weeks"], (await store.ListMessagesAsync("c1", 0, includeNotes: true, CancellationToken.None)).Select(m => m.Text));
        Assert.Equal(["c2 q", "c2 renewals"], (await store.ListMessagesAsync("c2", 0, includeNotes: true, CancellationToken.None)).Select(m => m.Text));
        Assert.True((await store.AppendAsync(new NewMessage("c1", MessageKind.Patron, "v_c1", null, "retry", "a", null, at), CancellationToken.None)).Duplicate);
        await store.FoldAsync(CancellationToken.None);
        Assert.Equal(4, (await store.AppendAsync(new NewMessage("c1", MessageKind.Patron, "v_c1", null, "thanks", "c", null, at), CancellationToken.None)).Message.Seq);

        // The key still holds: a message of a chat that does not exist passes its statement and fails the commit.
        await using var connection = await Db.OpenAsync(CancellationToken.None);
        await using var transaction = connection.BeginTransaction();
        await using (var orphan = connection.Command(
            "INSERT INTO messages (conversation_id, seq, kind, at, text) VALUES ('no-such-chat', 1, 'patron', 0, 'x')"))
        {
            orphan.Transaction = transaction;
            await orphan.ExecuteNonQueryAsync();
        }
        var refused = await Assert.ThrowsAsync<SqliteException>(() => transaction.CommitAsync());
        Assert.Contains("FOREIGN KEY", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Messages_waiting_in_the_log_when_it_loses_its_index_keep_their_numbers_and_retries()
    {
        var at = new DateTimeOffset(2026, 12, 3, 17, 0, 0, TimeSpan.Zero);
        await SqliteSchema.MigrateAsync(Db, 11, CancellationToken.None);
        foreach (var id in new[] { "c1", "c2" })
            await OldChatAsync(id, at, lastSeq: 0, [.. FirstTwo(id, at).Select(m => ("message_log", m))]);

        await SqliteSchema.MigrateAsync(Db, CancellationToken.None);
        await using (var connection = await Db.OpenAsync(CancellationToken.None))
        await using (var indexes = connection.Command("SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = 'message_log'"))
            Assert.Equal(0L, await indexes.ExecuteScalarAsync());
        var store = new SqliteConversationStore(Db);

        var retry = await store.AppendAsync(new NewMessage("c1", MessageKind.Patron, "v_c1", null, "renewals (retry)", "a", null, at), CancellationToken.None);
        Assert.True(retry.Duplicate);
        Assert.Equal(2, retry.Message.Seq);
        Assert.Equal(3, (await store.AppendAsync(new NewMessage("c2", MessageKind.Librarian, "s_1", "Li", "three weeks", "b", null, at), CancellationToken.None)).Message.Seq);
        Assert.Equal(2, (await store.FindAsync("c1", CancellationToken.None))!.LastSeq);
        Assert.Equal([2L, 3L], (await store.ListOpenAsync(CancellationToken.None)).OrderBy(c => c.Id).Select(c => c.LastSeq));
        Assert.Equal(["c2 q", "c2 renewals", "three weeks"], (await store.ListMessagesAsync("c2", 0, includeNotes: true, CancellationToken.None)).Select(m => m.Text));
        Assert.Equal(1, (await store.SearchAsync(new TranscriptQuery(null, null, null, "c1 renewals", 0, 10), CancellationToken.None)).Total);
    }

    [Fact]
    public async Task Messages_stored_with_their_JSON_documents_read_the_same_from_columns_and_retries_still_find_them()
    {
        var at = new DateTimeOffset(2026, 12, 3, 21, 0, 0, TimeSpan.Zero);
        await SqliteSchema.MigrateAsync(Db, 12, CancellationToken.None);
        StoredMessage[] transcript =
        [
            new("c1", 1, MessageKind.Patron, "v_c1", null, "Can I renew a laptop loan?", "start", null, at),
            new("c1", 2, MessageKind.System, null, "Li", "Li joined the chat.", null, SystemEvents.Joined, at.AddSeconds(5)),
            new("c1", 3, MessageKind.Librarian, "s_1", "Li", "Once, for a week.", "b", null, at.AddMilliseconds(5_250)),
            new("c1", 4, MessageKind.Note, "s_1", "Li", "Asked about laptops again", null, null, at.AddSeconds(6)),
            new("c1", 5, MessageKind.Patron, "v_c1", "Pat", "Thanks!", "c", null, at.AddSeconds(7)),
        ];
        await OldChatAsync("c1", at, lastSeq: 3, [.. transcript[..3].Select(m => ("messages", m)), .. transcript[3..].Select(m => ("message_log", m))]);

        await SqliteSchema.MigrateAsync(Db, CancellationToken.None);
        var store = new SqliteConversationStore(Db);

        Assert.Equal(transcript, await store.ListMessagesAsync("c1", 0, includeNotes: true, CancellationToken.None));
        Assert.Equal([1L, 2L, 3L, 5L], (await store.ListMessagesAsync("c1", 0, includeNotes: false, CancellationToken.None)).Select(m => m.Seq));
        var folded = await store.AppendAsync(new NewMessage("c1", MessageKind.Librarian, "s_1", "Li", "again", "b", null, at), CancellationToken.None);
        var logged = await store.AppendAsync(new NewMessage("c1", MessageKind.Patron, "v_c1", "Pat", "again", "c", null, at), CancellationToken.None);
        Assert.Equal((true, transcript[2]), (folded.Duplicate, folded.Message));
        Assert.Equal((true, transcript[4]), (logged.Duplicate, logged.Message));
        Assert.Equal(transcript[4], await store.FindByClientMessageIdAsync("c1", "c", CancellationToken.None));
        await store.FoldAsync(CancellationToken.None);
        Assert.Equal(6, (await store.AppendAsync(new NewMessage("c1", MessageKind.Patron, "v_c1", null, "Bye", "d", null, at), CancellationToken.None)).Message.Seq);

        // The documents are gone from both tables: each message's text is stored once.
        await using var connection = await Db.OpenAsync(CancellationToken.None);
        await using var columns = connection.Command(
            "SELECT COUNT(*) FROM pragma_table_info('messages') WHERE name = 'doc' OR name = 'author_name'");
        Assert.Equal(1L, await columns.ExecuteScalarAsync());
        await using var logColumns = connection.Command(
            "SELECT COUNT(*) FROM pragma_table_info('message_log') WHERE name = 'doc' OR name = 'author_name'");
        Assert.Equal(1L, await logColumns.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Committed_pages_are_copied_into_the_database_file_by_the_checkpointer_not_left_in_the_WAL()
    {
        await SqliteSchema.MigrateAsync(Db, CancellationToken.None);
        var store = new SqliteConversationStore(Db);
        var at = new DateTimeOffset(2026, 11, 24, 3, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < 20; i++)
        {
            var id = $"c{i}";
            await store.CreateAsync(new Conversation { Id = id, QueueId = "general", VisitorId = "v_" + id, Question = "q", StartClientMessageId = "start", CreatedAt = at },
                new NewMessage(id, MessageKind.Patron, "v_" + id, null, new string('x', 2000), "start", null, at), CancellationToken.None);
        }
        var databaseFile = new FileInfo(Db.Path);
        var sizeAfterWrites = databaseFile.Length;

        // The writer no longer checkpoints in its commits; the checkpointer copies the WAL into the file within a tick or two.
        var copied = false;
        for (var tick = 0; tick < 100 && !copied; tick++)
        {
            await Task.Delay(SqliteDatabase.CheckpointEvery);
            databaseFile.Refresh();
            copied = databaseFile.Length > sizeAfterWrites;
        }
        Assert.True(copied, $"database file still {databaseFile.Length} bytes after the checkpointer's ticks (was {sizeAfterWrites})");
        Assert.Equal(0, Db.FailedCheckpoints);
        await using var connection = await Db.OpenAsync(CancellationToken.None);
        await using var checkpoint = connection.Command("PRAGMA wal_checkpoint(PASSIVE);");
        await using var reader = await checkpoint.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(reader.GetInt64(1), reader.GetInt64(2)); // every frame of the WAL is in the file
    }

    [Fact]
    public async Task Under_steady_writes_the_WAL_starts_over_instead_of_growing_with_everything_written()
    {
        await SqliteSchema.MigrateAsync(Db, CancellationToken.None);
        var store = new SqliteConversationStore(Db);
        var at = new DateTimeOffset(2026, 11, 24, 3, 0, 0, TimeSpan.Zero);
        string[] ids = [.. Enumerable.Range(0, 8).Select(i => $"c{i}")];
        foreach (var id in ids)
            await store.CreateAsync(new Conversation { Id = id, QueueId = "general", VisitorId = "v_" + id, Question = "q", StartClientMessageId = "start", CreatedAt = at },
                new NewMessage(id, MessageKind.Patron, "v_" + id, null, "q", "start", null, at), CancellationToken.None);

        // Eight chats writing without pause for nine seconds, so the writer is rarely idle. SQLite numbers each start of
        // the WAL over in its header (the checkpoint sequence, bytes 12–15), so count them as the writes go on.
        var restartsBefore = WalCheckpointSequence();
        var until = DateTime.UtcNow.AddSeconds(9);
        await Task.WhenAll(ids.Select(async id =>
        {
            for (var n = 0; DateTime.UtcNow < until; n++)
                await store.AppendAsync(new NewMessage(id, MessageKind.Patron, "v_" + id, null, new string('m', 300), $"{id}-{n}", null, at), CancellationToken.None);
        }));
        var restarts = WalCheckpointSequence() - restartsBefore;

        // The writer finishes a checkpoint after the first short pass of the checkpointer once a second has passed, or
        // after any pass once 1.5 s have, so the WAL starts over at least every 2 s or so even when, as here, the writes
        // never pause and every pass is long (5–7 times in 6 s with both cores busy besides, 2026-12-04). Without the
        // writer's part it started over twice in 6 s, in lucky idle moments, and grew to 409 MB. Nine seconds, because
        // in a full test run (other test classes running beside it) six once gave only 2.
        Assert.True(restarts >= 3, $"the WAL started over {restarts} times in 9 s of writes");
        Assert.Equal(0, Db.FailedCheckpoints);
    }

    /// <summary>"{id} q" (seq 1, client id "start") and "{id} renewals" (seq 2, client id "a"), from the chat's patron.</summary>
    private static StoredMessage[] FirstTwo(string id, DateTimeOffset at) =>
    [
        new(id, 1, MessageKind.Patron, "v_" + id, null, $"{id} q", "start", null, at),
        new(id, 2, MessageKind.Patron, "v_" + id, null, $"{id} renewals", "a", null, at),
    ];

    /// <summary>
    /// A chat and its messages as schemas 1–12 held them, each message also as its JSON document, written with SQL:
    /// today's store writes only the columns of migration 13. <paramref name="lastSeq"/> is what a fold had left in the
    /// conversation's row; each message goes into the table named with it (`messages` or `message_log`).
    /// </summary>
    private async Task OldChatAsync(string id, DateTimeOffset at, long lastSeq, params (string Table, StoredMessage Message)[] rows)
    {
        await using var connection = await Db.OpenAsync(CancellationToken.None);
        var c = new Conversation { Id = id, QueueId = "general", VisitorId = "v_" + id, Question = "q", StartClientMessageId = "start", CreatedAt = at };
        await using (var chat = connection.Command(
            """
            INSERT INTO conversations (id, visitor_id, queue_id, state, created_at, start_client_message_id, last_seq, doc)
            VALUES ($id, $visitor, 'general', 'waiting', $created, 'start', $last, $doc)
            """, null, ("$id", id), ("$visitor", c.VisitorId), ("$created", at.ToUnixTimeMilliseconds()), ("$last", lastSeq),
            ("$doc", AskLibrary.Storage.StorageJson.Serialize(c))))
            await chat.ExecuteNonQueryAsync();
        foreach (var (table, m) in rows)
        {
            await using var message = connection.Command(
                $"INSERT INTO {table} (conversation_id, seq, kind, client_message_id, at, text, doc) VALUES ($id, $seq, $kind, $client, $at, $text, $doc)", null,
                ("$id", m.ConversationId), ("$seq", m.Seq), ("$kind", m.Kind.ToString().ToLowerInvariant()), ("$client", m.ClientMessageId),
                ("$at", m.At.ToUnixTimeMilliseconds()), ("$text", m.Text), ("$doc", AskLibrary.Storage.StorageJson.Serialize(m)));
            await message.ExecuteNonQueryAsync();
        }
    }

    private uint WalCheckpointSequence()
    {
        using var wal = new FileStream(Db.Path + "-wal", FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        Span<byte> header = stackalloc byte[16];
        wal.ReadExactly(header);
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(header[12..]);
    }
}
