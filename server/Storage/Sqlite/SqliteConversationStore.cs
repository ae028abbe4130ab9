using AskLibrary.Chat;
using AskLibrary.Chat.Contracts;
using Microsoft.Data.Sqlite;

namespace AskLibrary.Storage.Sqlite;

/// <summary>
/// Conversations and their messages in the embedded store. A message is appended to <c>message_log</c>, a table
/// in arrival order with no index, and a fold (every <see cref="FoldEvery"/> appends, a few chats per write; and before a
/// redaction) moves the log into <c>messages</c>, ordered by conversation, and advances each conversation's
/// <c>last_seq</c>. So the commit that acknowledges a batch of messages from many chats writes a few pages at the end of
/// the log, and the pages of each chat are written once per fold rather than once per message. Reads see both tables:
/// the messages of a conversation are the union, and its last number is the larger of <c>last_seq</c> and the log's (the
/// log holds at most a fold's worth of rows, so a read scans it). Numbering and the client-id check of an append take
/// the log's part from <see cref="MessageLogView"/>, which the writer keeps in memory and reads again whenever another
/// process has written to the file, so they stay exact with several processes on one file (SQLite serialises their
/// write transactions).
/// Unlike the other tables, the two message tables hold a message's fields as columns, with no JSON document: a
/// message is written on the hot path and moved by every fold, and its document doubled the row (migration 13).
/// </summary>
public sealed class SqliteConversationStore(SqliteDatabase db, ILogger<SqliteConversationStore>? logger = null) : IConversationStore
{
    /// <summary>
    /// Appends by this process between folds. The longer the log, the more messages of each chat a fold writes per page of
    /// <c>messages</c> and its indexes. With 350 open chats 512 saved little and 4,096 halved the CPU per append. 16,384
    /// saved no more while every step of a fold scanned the whole log; since a fold reads the log once, it cuts the store's
    /// writer and checkpointer time with long chats by about a quarter, and costs reads that scan the log four times as
    /// much (docs/performance.md and docs/storage.md, 2026-12-04).
    /// </summary>
    public const int FoldEvery = 16384;

    /// <summary>
    /// Chats per step of a fold: with 1,375 open chats a whole fold of 4,096 appends held the writer for 13–20 ms
    /// (10-message chats) and 40–60 ms (long chats), and every append waited behind it (docs/performance.md). A step
    /// costs what its rows do, so a log four times as long takes steps a quarter as wide.
    /// </summary>
    public const int FoldStep = 16;

    private const string NotNotes = "kind <> 'note'";

    /// <summary>
    /// A conversation's document as the service knows it: lastSeq is the larger of c.last_seq and l.last, the
    /// conversation's last number in the log, from <see cref="WithLog"/>.
    /// </summary>
    private const string Doc = "json_set(c.doc, '$.lastSeq', max(c.last_seq, coalesce(l.last, 0)))";

    /// <summary>
    /// Conversations c with each one's last number in the log, l.last, for queries that list conversations: the log has
    /// no index, so it is scanned once per query and grouped, rather than once per conversation.
    /// </summary>
    private const string WithLog =
        "conversations c LEFT JOIN (SELECT conversation_id, max(seq) AS last FROM message_log GROUP BY conversation_id) l ON l.conversation_id = c.id";

    /// <summary>
    /// <see cref="Doc"/> for queries that find one conversation: the log is scanned only for the conversation found, if
    /// any (a chat start looks for an earlier start with the same client id, and almost never finds one).
    /// </summary>
    private const string OneDoc =
        "json_set(c.doc, '$.lastSeq', max(c.last_seq, coalesce((SELECT max(l.seq) FROM message_log l WHERE l.conversation_id = c.id), 0)))";

    /// <summary>A message's columns, in the order <see cref="ReadMessage"/> reads them.</summary>
    private const string MessageColumns = "conversation_id, seq, kind, author_id, author_name, text, client_message_id, event, at";

    /// <summary>
    /// Every message of conversation $id: those folded into `messages` and those still in the log above its `last_seq`
    /// (a running fold's copied rows are in both tables until its last step deletes them from the log).
    /// </summary>
    private const string AllMessages =
        $"""
        (SELECT {MessageColumns} FROM messages WHERE conversation_id = $id
         UNION ALL
         SELECT {MessageColumns} FROM message_log
         WHERE conversation_id = $id AND seq > (SELECT c.last_seq FROM conversations c WHERE c.id = $id))
        """;

    private long _appendsSinceFold;
    private int _folding;

    public async Task<StoredMessage> CreateAsync(Conversation conversation, NewMessage firstMessage, CancellationToken ct) =>
        (await db.WriteAsync(async (connection, tx) =>
        {
            using (var insert = db.Prepared(connection,
                """
                INSERT INTO conversations (id, visitor_id, queue_id, state, created_at, start_client_message_id, last_seq, doc)
                VALUES ($id, $visitor, $queue, $state, $created, $start, 0, $doc)
                """))
            {
                insert.Bind("$id", conversation.Id).Bind("$visitor", conversation.VisitorId).Bind("$queue", conversation.QueueId)
                    .Bind("$state", StateName(conversation.State)).Bind("$created", conversation.CreatedAt.ToUnixMs())
                    .Bind("$start", conversation.StartClientMessageId).Bind("$doc", StorageJson.Serialize(conversation with { LastSeq = 0 })).Step();
            }
            return await AppendInTransactionAsync(connection, tx, firstMessage, ct);
        }, ct)).Message;

    public Task ReplaceAsync(Conversation conversation, CancellationToken ct) =>
        db.WriteAsync((connection, _) =>
        {
            ReplaceInTransaction(connection, conversation);
            return Task.CompletedTask;
        }, ct);

    /// <summary>A notice has no client id, so it is never a duplicate and the document is always replaced.</summary>
    public async Task<StoredMessage> ReplaceAndAppendAsync(Conversation conversation, NewMessage message, CancellationToken ct) =>
        (await AppendAndReplaceAsync(message with { ClientMessageId = null }, conversation, ct)).Message;

    private void ReplaceInTransaction(SqliteConnection connection, Conversation conversation)
    {
        // last_seq belongs to the store (appends and folds move it): reads take lastSeq from it and the log (Doc), never
        // from the document, so the document is stored as given.
        using var update = db.Prepared(connection, "UPDATE conversations SET queue_id = $queue, state = $state, doc = $doc WHERE id = $id")
            .Bind("$id", conversation.Id).Bind("$queue", conversation.QueueId).Bind("$state", StateName(conversation.State))
            .Bind("$doc", StorageJson.Serialize(conversation));
        update.Step();
        if (update.Changes == 0)
            throw new InvalidOperationException($"Conversation {conversation.Id} does not exist.");
    }

    public Task<Conversation?> FindAsync(string conversationId, CancellationToken ct) =>
        db.ReadAsync(async connection =>
        {
            await using var find = connection.Command($"SELECT {OneDoc} FROM conversations c WHERE c.id = $id", null, ("$id", conversationId));
            return await find.ReadDocumentAsync<Conversation>(ct);
        }, ct);

    public Task<Conversation?> FindStartedAsync(string visitorId, string clientMessageId, CancellationToken ct) =>
        db.ReadAsync(async connection =>
        {
            await using var find = connection.Command(
                $"SELECT {OneDoc} FROM conversations c WHERE c.visitor_id = $visitor AND c.start_client_message_id = $start", null,
                ("$visitor", visitorId), ("$start", clientMessageId));
            return await find.ReadDocumentAsync<Conversation>(ct);
        }, ct);

    public Task<IReadOnlyList<Conversation>> ListOpenAsync(CancellationToken ct) =>
        db.ReadAsync<IReadOnlyList<Conversation>>(async connection =>
        {
            await using var list = connection.Command(
                $"SELECT {Doc} FROM {WithLog} WHERE c.state IN ('waiting', 'active') ORDER BY c.created_at, c.id");
            return await list.ReadDocumentsAsync<Conversation>(ct);
        }, ct);

    /// <summary>
    /// Group-committed (see <see cref="SqliteDatabase"/>): appends to many conversations that arrive together share
    /// one transaction. Within it they run one after another, so numbering and the client-id check see every
    /// earlier append of the batch, a retry queued behind its original included.
    /// </summary>
    public Task<AppendResult> AppendAsync(NewMessage message, CancellationToken ct) =>
        Appended(db.WriteAsync((connection, tx) => AppendInTransactionAsync(connection, tx, message, ct), ct));

    public Task<AppendResult> AppendAndReplaceAsync(NewMessage message, Conversation conversation, CancellationToken ct) =>
        Appended(db.WriteAsync(async (connection, tx) =>
        {
            var result = await AppendInTransactionAsync(connection, tx, message, ct);
            if (!result.Duplicate)
                ReplaceInTransaction(connection, conversation);
            return result;
        }, ct));

    /// <summary>Counts an append handed to the writer, and starts a fold every <see cref="FoldEvery"/>.</summary>
    private Task<AppendResult> Appended(Task<AppendResult> append)
    {
        if (Interlocked.Increment(ref _appendsSinceFold) % FoldEvery == 0)
            _ = FoldInBackgroundAsync();
        return append;
    }

    /// <summary>
    /// Moves the logged messages into <c>messages</c> a few chats at a time, each step a write of its own, so appends
    /// wait behind one step at most rather than the whole fold. Appends start it by themselves every
    /// <see cref="FoldEvery"/>. The log's rows stay where they are until every chat's step has committed; then one
    /// write deletes them all at once (far cheaper than deleting them a few chats at a time: measured 110 against 155
    /// µs of CPU per append). Until then a copied row is in both tables, and a read of a chat's messages takes from the log
    /// only the rows above its <c>last_seq</c> (<see cref="AllMessages"/>), which each step advances in the same
    /// transaction as it copies the rows.
    /// </summary>
    public async Task FoldAsync(CancellationToken ct)
    {
        // The log as it was, read once: a snapshot, so rows appended from now on come after `upTo` (a table's next rowid
        // is one above its largest) and wait for the next fold. The plan holds each chat's rowids, so a step finds its
        // chats' rows by rowid: the log has no index, and a step that selected them by conversation scanned all of it.
        var plan = await db.ReadAsync(async connection =>
        {
            await using var read = connection.Command("SELECT rowid, conversation_id, seq FROM message_log ORDER BY rowid");
            await using var rows = await read.ExecuteReaderAsync(ct);
            var chats = new Dictionary<string, List<LoggedRow>>(StringComparer.Ordinal);
            (string ConversationId, LoggedRow Row)? last = null;
            while (await rows.ReadAsync(ct))
            {
                var id = rows.GetString(1);
                if (!chats.TryGetValue(id, out var chat))
                    chats[id] = chat = [];
                var row = new LoggedRow(rows.GetInt64(0), rows.GetInt64(2));
                chat.Add(row);
                last = (id, row);
            }
            return last is not { } upTo ? null : new FoldPlan(new FoldedUpTo(upTo.Row.RowId, upTo.ConversationId, upTo.Row.Seq),
                [.. chats.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => new PlannedChat(c.Key, c.Value))]);
        }, ct);
        if (plan is null)
            return;
        foreach (var (step, chats) in plan.Chats.Chunk(FoldStep).Index())
        {
            await db.WriteAsync((connection, _) =>
            {
                CopyStep(connection, chats);
                return Task.CompletedTask;
            }, ct);
            if (AfterFoldStep is { } afterStep)
                await afterStep(step);
        }
        await db.WriteAsync((connection, tx) => DropFoldedAsync(connection, tx, plan.UpTo, ct), ct);
    }

    /// <summary>Tests: runs after each step of a fold has committed (with the step's number), before the next write.</summary>
    internal Func<int, Task>? AfterFoldStep { get; set; }

    private sealed record FoldedUpTo(long RowId, string ConversationId, long Seq);

    /// <summary>Where a message of the log is, and its number (its conversation is the <see cref="PlannedChat"/>'s).</summary>
    private readonly record struct LoggedRow(long RowId, long Seq);

    /// <summary>A chat's rows in the log as a fold planned them, in the order they were appended (so of their numbers).</summary>
    private sealed record PlannedChat(string ConversationId, IReadOnlyList<LoggedRow> Rows);

    /// <summary>The log up to <see cref="UpTo"/>, chat by chat in the order of their ids.</summary>
    private sealed record FoldPlan(FoldedUpTo UpTo, IReadOnlyList<PlannedChat> Chats);

    /// <summary>
    /// Copies the rows of a step's chats into <c>messages</c>, skipping those an earlier fold copied (at or below
    /// <c>last_seq</c>: another process's fold, or a chat's own fold before a redaction), and advances <c>last_seq</c>, in
    /// one transaction. A row is found by its rowid and checked against its chat and number: a row the plan saw and that
    /// went meanwhile (with its chat's <c>last_seq</c> above it, so skipped here) may have given its rowid to a new one.
    /// Each statement writes one row, so none can stop halfway and SQLite keeps no statement journal; a
    /// broken constraint rolls the whole transaction back (OR ROLLBACK; the writer then runs the step alone, and it fails
    /// alone, logged, its messages still in the log). The key of <c>messages</c> to <c>conversations</c> is checked at
    /// commit (migration 11).
    /// </summary>
    private void CopyStep(SqliteConnection connection, IReadOnlyList<PlannedChat> chats)
    {
        foreach (var chat in chats)
        {
            long folded;
            using (var row = db.Prepared(connection, "SELECT last_seq FROM conversations WHERE id = $id").Bind("$id", chat.ConversationId))
                folded = row.Step() ? row.Int64(0) : 0;
            var last = folded;
            foreach (var message in chat.Rows)
            {
                if (message.Seq <= folded)
                    continue;
                using var copy = db.Prepared(connection,
                    $"INSERT OR ROLLBACK INTO messages ({MessageColumns}) SELECT {MessageColumns} FROM message_log WHERE rowid = $row AND conversation_id = $id AND seq = $seq");
                copy.Bind("$row", message.RowId).Bind("$id", chat.ConversationId).Bind("$seq", message.Seq).Step();
                if (copy.Changes != 1) // the file changed in a way the plan cannot account for: this fold stops, the next plans again
                    throw new InvalidOperationException($"Message {message.Seq} of {chat.ConversationId} left the log before its chat's fold copied it.");
                last = Math.Max(last, message.Seq);
            }
            if (last == folded)
                continue;
            using var advance = db.Prepared(connection, "UPDATE OR ROLLBACK conversations SET last_seq = $last WHERE id = $id AND last_seq < $last")
                .Bind("$id", chat.ConversationId).Bind("$last", last);
            advance.Step();
        }
    }

    /// <summary>
    /// Deletes the folded rows. Every row up to <c>upTo</c> was copied by the steps, and every row appended since has a
    /// larger rowid, unless the row at <c>upTo</c> went meanwhile (a chat's own fold before a redaction, another process's
    /// fold) and SQLite gave its rowid to a new row. So when that row is still the one the plan saw, the whole prefix
    /// goes at once; otherwise only the rows at or below their chat's <c>last_seq</c>.
    /// </summary>
    private async Task DropFoldedAsync(SqliteConnection connection, WriteTransaction tx, FoldedUpTo upTo, CancellationToken ct)
    {
        var same = db.Compiled(connection, tx, "SELECT count(*) FROM message_log WHERE rowid = $upTo AND conversation_id = $id AND seq = $seq",
            ("$upTo", upTo.RowId), ("$id", upTo.ConversationId), ("$seq", upTo.Seq));
        var drop = Convert.ToInt64(await same.ExecuteScalarAsync(ct)) == 1
            ? db.Compiled(connection, tx, "DELETE FROM message_log WHERE rowid <= $upTo", ("$upTo", upTo.RowId))
            : db.Compiled(connection, tx,
                """
                DELETE FROM message_log WHERE rowid <= $upTo
                AND seq <= coalesce((SELECT c.last_seq FROM conversations c WHERE c.id = message_log.conversation_id), 0)
                """, ("$upTo", upTo.RowId));
        await drop.ExecuteNonQueryAsync(ct);
        db.MessageLog.Reset(); // what is left of the log is read again by the next write that needs it
    }

    /// <summary>
    /// Moves the logged messages of one conversation into <c>messages</c> (a step of its own, which skips those a running
    /// fold has copied already) and deletes its rows from the log. Only <c>last_seq</c> is advanced: the <c>lastSeq</c>
    /// inside a document is never kept up to date, because every read of a conversation takes it from the column and the
    /// log (<see cref="Doc"/>).
    /// </summary>
    private async Task FoldConversationAsync(SqliteConnection connection, WriteTransaction tx, string conversationId, CancellationToken ct)
    {
        var copy = db.Compiled(connection, tx,
            $"""
            INSERT OR ROLLBACK INTO messages ({MessageColumns})
            SELECT {MessageColumns} FROM message_log
            WHERE conversation_id = $id AND seq > coalesce((SELECT c.last_seq FROM conversations c WHERE c.id = $id), 0)
            ORDER BY seq;
            UPDATE OR ROLLBACK conversations SET last_seq = l.last
            FROM (SELECT max(seq) AS last FROM message_log WHERE conversation_id = $id) l
            WHERE conversations.id = $id AND conversations.last_seq < l.last;
            """, ("$id", conversationId));
        await copy.ExecuteNonQueryAsync(ct);
        await using var delete = connection.Command("DELETE FROM message_log WHERE conversation_id = $id", tx, ("$id", conversationId));
        await delete.ExecuteNonQueryAsync(ct);
        db.MessageLog.Folded(conversationId);
    }

    private async Task FoldInBackgroundAsync()
    {
        if (Interlocked.Exchange(ref _folding, 1) == 1)
            return; // the running fold takes these too
        try
        {
            await FoldAsync(CancellationToken.None);
        }
        catch (Exception ex)
        {
            // Nothing is lost: the messages stay in the log, where every read finds them, until a later fold.
            if (logger is not null)
                SqliteLog.FoldFailed(logger, ex);
        }
        finally
        {
            Volatile.Write(ref _folding, 0);
        }
    }

    public Task<StoredMessage?> FindByClientMessageIdAsync(string conversationId, string clientMessageId, CancellationToken ct) =>
        db.ReadAsync(async connection =>
        {
            await using var find = connection.Command(
                $"SELECT {MessageColumns} FROM {AllMessages} WHERE client_message_id = $client", null,
                ("$id", conversationId), ("$client", clientMessageId));
            return await ReadMessageAsync(find, ct);
        }, ct);

    public Task<IReadOnlyList<StoredMessage>> ListMessagesAsync(string conversationId, long afterSeq, bool includeNotes, CancellationToken ct) =>
        db.ReadAsync<IReadOnlyList<StoredMessage>>(async connection =>
        {
            await using var list = connection.Command(
                $"SELECT {MessageColumns} FROM {AllMessages} WHERE seq > $after {(includeNotes ? "" : "AND " + NotNotes)} ORDER BY seq",
                null, ("$id", conversationId), ("$after", afterSeq));
            return await ReadMessagesAsync(list, ct);
        }, ct);

    public Task<(IReadOnlyList<Conversation> Items, int Total)> SearchAsync(TranscriptQuery query, CancellationToken ct) =>
        db.ReadAsync<(IReadOnlyList<Conversation>, int)>(async connection =>
        {
            var where = new List<string> { "1 = 1" };
            var parameters = new List<(string, object?)>();
            if (query.From is { } from) { where.Add("c.created_at >= $from"); parameters.Add(("$from", from.ToUnixMs())); }
            if (query.To is { } to) { where.Add("c.created_at < $to"); parameters.Add(("$to", to.ToUnixMs())); }
            if (query.QueueId is { } queue) { where.Add("c.queue_id = $queue"); parameters.Add(("$queue", queue)); }
            if (!string.IsNullOrWhiteSpace(query.Text))
            {
                where.Add("""
                    (EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = c.id AND m.text LIKE $text ESCAPE '\')
                     OR c.id IN (SELECT m.conversation_id FROM message_log m WHERE m.text LIKE $text ESCAPE '\'))
                    """);
                parameters.Add(("$text", "%" + EscapeLike(query.Text.Trim()) + "%"));
            }
            var filter = string.Join(" AND ", where);
            await using var count = connection.Command($"SELECT COUNT(*) FROM conversations c WHERE {filter}", null, [.. parameters]);
            var total = Convert.ToInt32(await count.ExecuteScalarAsync(ct));
            await using var page = connection.Command(
                $"SELECT {Doc} FROM {WithLog} WHERE {filter} ORDER BY c.created_at DESC, c.id LIMIT $take OFFSET $skip", null,
                [.. parameters, ("$take", query.Take), ("$skip", query.Skip)]);
            return (await page.ReadDocumentsAsync<Conversation>(ct), total);
        }, ct);

    public Task RedactAsync(Conversation conversation, IReadOnlyList<StoredMessage> messages, CancellationToken ct) =>
        db.WriteAsync(async (connection, tx) =>
        {
            await FoldConversationAsync(connection, tx, conversation.Id, ct); // the texts to rewrite are all in `messages` then
            await using (var update = connection.Command(
                "UPDATE conversations SET doc = $doc WHERE id = $id AND state IN ('closed', 'abandoned')", tx,
                ("$id", conversation.Id), ("$doc", StorageJson.Serialize(conversation))))
            {
                if (await update.ExecuteNonQueryAsync(ct) != 1)
                    throw new InvalidOperationException($"Conversation {conversation.Id} is not finished; only finished chats are redacted.");
            }
            foreach (var message in messages)
            {
                await using var text = connection.Command(
                    "UPDATE messages SET author_id = $author, author_name = $name, text = $text, event = $event WHERE conversation_id = $id AND seq = $seq", tx,
                    ("$id", conversation.Id), ("$seq", message.Seq), ("$author", message.AuthorId), ("$name", message.AuthorName),
                    ("$text", message.Text), ("$event", message.Event));
                await text.ExecuteNonQueryAsync(ct);
            }
        }, ct);

    public Task<IReadOnlyList<Conversation>> ListUnanonymisedBeforeAsync(DateTimeOffset createdBefore, int take, CancellationToken ct) =>
        db.ReadAsync<IReadOnlyList<Conversation>>(async connection =>
        {
            await using var list = connection.Command(
                $"""
                SELECT {Doc} FROM {WithLog}
                WHERE c.state IN ('closed', 'abandoned') AND c.created_at < $before AND json_extract(c.doc, '$.anonymisedAt') IS NULL
                ORDER BY c.created_at LIMIT $take
                """, null, ("$before", createdBefore.ToUnixMs()), ("$take", take));
            return await list.ReadDocumentsAsync<Conversation>(ct);
        }, ct);

    public Task<IReadOnlyList<Conversation>> ListTextKeptAsync(IReadOnlyCollection<string> queueIds, int take, CancellationToken ct) =>
        db.ReadAsync<IReadOnlyList<Conversation>>(async connection =>
        {
            if (queueIds.Count == 0)
                return [];
            var names = queueIds.Select((_, i) => "$q" + i).ToList();
            await using var list = connection.Command(
                $"""
                SELECT {Doc} FROM {WithLog}
                WHERE c.state IN ('closed', 'abandoned') AND c.queue_id IN ({string.Join(", ", names)}) AND json_extract(c.doc, '$.textDiscardedAt') IS NULL
                ORDER BY c.created_at LIMIT $take
                """, null, [.. queueIds.Select((q, i) => (names[i], (object?)q)), ("$take", take)]);
            return await list.ReadDocumentsAsync<Conversation>(ct);
        }, ct);

    public Task<IReadOnlyList<Conversation>> ListForVisitorAsync(string visitorId, CancellationToken ct) =>
        db.ReadAsync<IReadOnlyList<Conversation>>(async connection =>
        {
            await using var list = connection.Command(
                $"SELECT {Doc} FROM {WithLog} WHERE c.visitor_id = $visitor ORDER BY c.created_at DESC", null, ("$visitor", visitorId));
            return await list.ReadDocumentsAsync<Conversation>(ct);
        }, ct);

    private async Task<AppendResult> AppendInTransactionAsync(SqliteConnection connection, WriteTransaction tx, NewMessage message, CancellationToken ct)
    {
        // Reads only, and compiled (see SqliteDatabase.Compiled): these statements run for every message. The log's
        // part of numbering and of the client-id check comes from memory (MessageLogView); the rest, the conversation's
        // row and a folded message with the same client id, from one statement. So the commit writes no page but the
        // log's last.
        var log = db.MessageLog;
        await log.RefreshAsync(db, connection, tx, ct);
        if (message.ClientMessageId is { } clientId && log.MayHold(message.ConversationId, clientId))
        {
            var logged = db.Compiled(connection, tx, $"SELECT {MessageColumns} FROM message_log WHERE conversation_id = $id AND client_message_id = $client",
                ("$id", message.ConversationId), ("$client", clientId));
            // Not found: another id of this chat has the same hash, and this message is new.
            if (await ReadMessageAsync(logged, ct) is { } original)
                return new AppendResult(original, Duplicate: true);
        }

        long seq;
        long? folded;
        using (var row = db.Prepared(connection,
            """
            SELECT c.last_seq, (SELECT m.rowid FROM messages m WHERE m.conversation_id = c.id AND m.client_message_id = $client)
            FROM conversations c WHERE c.id = $id
            """).Bind("$id", message.ConversationId).Bind("$client", message.ClientMessageId))
        {
            if (!row.Step())
                throw new InvalidOperationException($"Conversation {message.ConversationId} does not exist.");
            folded = row.IsNull(1) ? null : row.Int64(1);
            seq = Math.Max(row.Int64(0), log.LastSeq(message.ConversationId)) + 1;
        }
        if (folded is { } rowid)
        {
            var earlier = db.Compiled(connection, tx, $"SELECT {MessageColumns} FROM messages WHERE rowid = $row", ("$row", rowid));
            return new AppendResult((await ReadMessageAsync(earlier, ct))!, Duplicate: true);
        }

        // The instant as the column keeps it (whole milliseconds), so the message acknowledged now and the same message
        // read back later are equal.
        var at = DateTimeOffset.FromUnixTimeMilliseconds(message.At.ToUnixMs());
        var storedMessage = new StoredMessage(message.ConversationId, seq, message.Kind, message.AuthorId, message.AuthorName,
            message.Text, message.ClientMessageId, message.Event, at);
        using (var insert = db.Prepared(connection,
            $"INSERT INTO message_log ({MessageColumns}) VALUES ($id, $seq, $kind, $author, $name, $text, $client, $event, $at)"))
        {
            insert.Bind("$id", message.ConversationId).Bind("$seq", seq).Bind("$kind", KindName(message.Kind)).Bind("$author", message.AuthorId)
                .Bind("$name", message.AuthorName).Bind("$text", message.Text).Bind("$client", message.ClientMessageId)
                .Bind("$event", message.Event).Bind("$at", at.ToUnixMs()).Step();
        }
        log.Logged(message.ConversationId, seq, message.ClientMessageId);
        return new AppendResult(storedMessage, Duplicate: false);
    }

    private static async Task<StoredMessage?> ReadMessageAsync(SqliteCommand command, CancellationToken ct) =>
        (await ReadMessagesAsync(command, ct)).FirstOrDefault();

    private static async Task<List<StoredMessage>> ReadMessagesAsync(SqliteCommand command, CancellationToken ct)
    {
        var messages = new List<StoredMessage>();
        await using var rows = await command.ExecuteReaderAsync(ct);
        while (await rows.ReadAsync(ct))
            messages.Add(ReadMessage(rows));
        return messages;
    }

    /// <summary>A message from the columns of <see cref="MessageColumns"/>, in that order.</summary>
    private static StoredMessage ReadMessage(SqliteDataReader row) => new(
        row.GetString(0), row.GetInt64(1), KindOf(row.GetString(2)), NullableString(row, 3), NullableString(row, 4), row.GetString(5),
        NullableString(row, 6), NullableString(row, 7), DateTimeOffset.FromUnixTimeMilliseconds(row.GetInt64(8)));

    private static string? NullableString(SqliteDataReader row, int ordinal) => row.IsDBNull(ordinal) ? null : row.GetString(ordinal);

    private static string StateName(ConversationState state) => state.ToString().ToLowerInvariant();

    private static string KindName(MessageKind kind) => kind.ToString().ToLowerInvariant();

    private static MessageKind KindOf(string name) => Enum.Parse<MessageKind>(name, ignoreCase: true);

    private static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
}
