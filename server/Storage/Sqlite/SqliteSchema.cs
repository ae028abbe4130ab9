using Microsoft.Data.Sqlite;

namespace AskLibrary.Storage.Sqlite;

/// <summary>
/// Creates and migrates the schema at start. Each entry of <see cref="Migrations"/> runs once, in
/// order, inside a transaction; PRAGMA user_version records how many have run. Append new
/// migrations; never edit a released one. Each table keeps the whole document as JSON (the shape
/// a MongoDB collection would hold) plus the columns that queries filter or sort on; the two message tables keep a
/// message's fields as columns only (migration 13).
/// </summary>
public static class SqliteSchema
{
    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE conversations (
            id TEXT PRIMARY KEY,
            visitor_id TEXT NOT NULL,
            queue_id TEXT NOT NULL,
            state TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            start_client_message_id TEXT NOT NULL,
            last_seq INTEGER NOT NULL,
            doc TEXT NOT NULL
        );
        CREATE UNIQUE INDEX ix_conversations_start ON conversations (visitor_id, start_client_message_id);
        CREATE INDEX ix_conversations_state ON conversations (state, created_at);
        CREATE INDEX ix_conversations_created ON conversations (created_at);
        CREATE TABLE messages (
            conversation_id TEXT NOT NULL REFERENCES conversations (id),
            seq INTEGER NOT NULL,
            kind TEXT NOT NULL,
            client_message_id TEXT,
            at INTEGER NOT NULL,
            text TEXT NOT NULL,
            doc TEXT NOT NULL,
            PRIMARY KEY (conversation_id, seq)
        ) WITHOUT ROWID;
        CREATE UNIQUE INDEX ix_messages_client_id ON messages (conversation_id, client_message_id) WHERE client_message_id IS NOT NULL;
        CREATE TABLE staff (
            id TEXT PRIMARY KEY,
            user_name TEXT NOT NULL COLLATE NOCASE UNIQUE,
            doc TEXT NOT NULL
        );
        CREATE TABLE canned_responses (
            id TEXT PRIMARY KEY,
            owner_id TEXT,
            doc TEXT NOT NULL
        );
        CREATE TABLE offline_questions (
            id TEXT PRIMARY KEY,
            visitor_id TEXT NOT NULL,
            client_request_id TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            doc TEXT NOT NULL
        );
        CREATE UNIQUE INDEX ix_offline_questions_client ON offline_questions (visitor_id, client_request_id);
        CREATE TABLE transcript_requests (
            id TEXT PRIMARY KEY,
            conversation_id TEXT NOT NULL,
            requested_at INTEGER NOT NULL,
            doc TEXT NOT NULL
        );
        CREATE TABLE visitors (
            id TEXT PRIMARY KEY,
            doc TEXT NOT NULL
        );
        """,
        """
        CREATE TABLE kb_articles (
            id TEXT PRIMARY KEY,
            version INTEGER NOT NULL,
            doc TEXT NOT NULL
        );
        CREATE TABLE kb_versions (
            article_id TEXT NOT NULL,
            version INTEGER NOT NULL,
            at INTEGER NOT NULL,
            doc TEXT NOT NULL,
            PRIMARY KEY (article_id, version)
        ) WITHOUT ROWID;
        CREATE TABLE kb_events (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            article_id TEXT NOT NULL,
            kind TEXT NOT NULL,
            at INTEGER NOT NULL,
            doc TEXT NOT NULL
        );
        CREATE INDEX ix_kb_events_article ON kb_events (article_id, kind);
        CREATE TABLE kb_questions (
            id TEXT PRIMARY KEY,
            at INTEGER NOT NULL,
            best_score REAL NOT NULL,
            doc TEXT NOT NULL
        );
        CREATE INDEX ix_kb_questions_at ON kb_questions (at);
        """,
        """
        CREATE TABLE visitor_blocks (
            visitor_id TEXT PRIMARY KEY,
            until INTEGER NOT NULL,
            doc TEXT NOT NULL
        );
        """,
        // 4: who viewed patron data (transcripts, contact details, patron questions) — read by admins.
        """
        CREATE TABLE audit_log (
            id TEXT PRIMARY KEY,
            at INTEGER NOT NULL,
            staff_id TEXT NOT NULL,
            subject_id TEXT NOT NULL,
            doc TEXT NOT NULL
        );
        CREATE INDEX audit_log_at ON audit_log (at);
        CREATE INDEX audit_log_staff ON audit_log (staff_id, at);
        CREATE INDEX audit_log_subject ON audit_log (subject_id, at);
        """,
        // 5: offline questions become tickets (same q_ ids); transcript requests get a send state for the mail outbox.
        """
        CREATE TABLE tickets (
            id TEXT PRIMARY KEY,
            queue_id TEXT NOT NULL,
            status TEXT NOT NULL,
            owner_id TEXT,
            due_at INTEGER,
            created_at INTEGER NOT NULL,
            closed_at INTEGER,
            visitor_id TEXT,
            client_request_id TEXT,
            conversation_id TEXT,
            reminded INTEGER NOT NULL DEFAULT 0,
            mail_pending INTEGER NOT NULL DEFAULT 0,
            doc TEXT NOT NULL
        );
        CREATE UNIQUE INDEX ix_tickets_client ON tickets (visitor_id, client_request_id) WHERE client_request_id IS NOT NULL;
        CREATE UNIQUE INDEX ix_tickets_conversation ON tickets (conversation_id) WHERE conversation_id IS NOT NULL;
        CREATE INDEX ix_tickets_status_due ON tickets (status, due_at);
        CREATE INDEX ix_tickets_mail ON tickets (mail_pending) WHERE mail_pending = 1;
        INSERT INTO tickets (id, queue_id, status, created_at, visitor_id, client_request_id, doc)
        SELECT id, json_extract(doc, '$.queueId'), 'open', created_at, visitor_id, client_request_id,
            json_object('id', id, 'queueId', json_extract(doc, '$.queueId'), 'source', 'patron',
                'question', json_extract(doc, '$.question'), 'email', json_extract(doc, '$.email'),
                'name', json_extract(doc, '$.name'), 'status', 'open', 'createdAt', json_extract(doc, '$.createdAt'),
                'visitorId', visitor_id, 'clientRequestId', client_request_id,
                'notes', json('[]'), 'answers', json('[]'), 'updatedAt', json_extract(doc, '$.createdAt'))
        FROM offline_questions;
        DROP TABLE offline_questions;
        ALTER TABLE transcript_requests ADD COLUMN sent_at INTEGER;
        ALTER TABLE transcript_requests ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
        CREATE INDEX ix_transcript_requests_pending ON transcript_requests (sent_at, attempts);
        """,
        // 6: a patron's timeline: knowledge-base events keep the visitor id as a column (also for erasure); tickets by visitor.
        """
        ALTER TABLE kb_events ADD COLUMN visitor_id TEXT;
        UPDATE kb_events SET visitor_id = json_extract(doc, '$.visitorId');
        CREATE INDEX ix_kb_events_visitor ON kb_events (visitor_id, at) WHERE visitor_id IS NOT NULL;
        CREATE INDEX ix_tickets_visitor ON tickets (visitor_id) WHERE visitor_id IS NOT NULL;
        """,
        // 7: retention finds the questions and search texts it has not scrubbed yet without rereading those it has.
        """
        CREATE INDEX ix_kb_questions_unanonymised ON kb_questions (at) WHERE json_extract(doc, '$.anonymisedAt') IS NULL;
        CREATE INDEX ix_kb_events_query ON kb_events (at) WHERE json_extract(doc, '$.query') IS NOT NULL;
        """,
        // 8: imported patron records, staff merges of profiles, and the visitors' normalized card number and
        // email (generated from the document with the same rules as PatronKeys) so a patron's visitors are an index lookup.
        """
        ALTER TABLE visitors ADD COLUMN card_key TEXT GENERATED ALWAYS AS (
            nullif(upper(replace(replace(replace(trim(json_extract(doc, '$.details.cardNumber')), ' ', ''), '-', ''), '.', '')), '')) VIRTUAL;
        ALTER TABLE visitors ADD COLUMN email_key TEXT GENERATED ALWAYS AS (
            nullif(lower(trim(json_extract(doc, '$.details.email'))), '')) VIRTUAL;
        CREATE INDEX ix_visitors_card ON visitors (card_key);
        CREATE INDEX ix_visitors_email ON visitors (email_key);
        CREATE TABLE patron_records (
            card_key TEXT PRIMARY KEY,
            email_key TEXT,
            phone_key TEXT,
            expires TEXT,
            doc TEXT NOT NULL
        );
        CREATE INDEX ix_patron_records_email ON patron_records (email_key);
        CREATE INDEX ix_patron_records_phone ON patron_records (phone_key);
        CREATE INDEX ix_patron_records_expires ON patron_records (expires);
        CREATE TABLE patron_merges (
            id TEXT PRIMARY KEY,
            source_key TEXT NOT NULL,
            target_key TEXT NOT NULL,
            undone_at INTEGER,
            doc TEXT NOT NULL
        );
        CREATE UNIQUE INDEX ix_patron_merges_active_source ON patron_merges (source_key) WHERE undone_at IS NULL;
        CREATE INDEX ix_patron_merges_target ON patron_merges (target_key, undone_at);
        """,
        // 9: new messages are appended to a small log in arrival order and moved into `messages` in bulk
        // (SqliteConversationStore): a commit then writes a few pages at the log's end instead of a leaf of
        // `messages`, a leaf of its client-id index and the conversation's row for every chat in the batch.
        // One index, on the few rows the log holds: numbering and the client-id check of a conversation.
        """
        CREATE TABLE message_log (
            conversation_id TEXT NOT NULL,
            seq INTEGER NOT NULL,
            kind TEXT NOT NULL,
            client_message_id TEXT,
            at INTEGER NOT NULL,
            text TEXT NOT NULL,
            doc TEXT NOT NULL
        );
        CREATE INDEX ix_message_log_conversation ON message_log (conversation_id, seq, client_message_id);
        """,
        // 10: `messages` becomes a table in arrival order (rowid) with its key as an index: a fold appends its rows
        // at the table's end, grouped by conversation, and only the small index entries go into the middle. Keyed by
        // (conversation, seq) WITHOUT ROWID, every ~500-byte row went into the middle of the table: a fold of 4,096
        // messages spent 127 ms splitting pages, and no message could be stored meanwhile (docs/performance.md).
        """
        CREATE TABLE messages_in_order (
            conversation_id TEXT NOT NULL REFERENCES conversations (id),
            seq INTEGER NOT NULL,
            kind TEXT NOT NULL,
            client_message_id TEXT,
            at INTEGER NOT NULL,
            text TEXT NOT NULL,
            doc TEXT NOT NULL
        );
        INSERT INTO messages_in_order (conversation_id, seq, kind, client_message_id, at, text, doc)
        SELECT conversation_id, seq, kind, client_message_id, at, text, doc FROM messages ORDER BY conversation_id, seq;
        DROP TABLE messages;
        ALTER TABLE messages_in_order RENAME TO messages;
        CREATE UNIQUE INDEX ix_messages_seq ON messages (conversation_id, seq);
        CREATE UNIQUE INDEX ix_messages_client_id ON messages (conversation_id, client_message_id) WHERE client_message_id IS NOT NULL;
        """,
        // 11: the key from `messages` to `conversations` is checked at commit (DEFERRABLE INITIALLY DEFERRED). Checked
        // at the end of each statement, it made every fold keep a statement journal: SQLite copied each page the
        // fold's INSERT touched into memory first, in case the key failed halfway (15 % of StoreBench's CPU in perf,
        // docs/performance.md). Same rows, same order (rowid), same indexes.
        """
        CREATE TABLE messages_deferred_key (
            conversation_id TEXT NOT NULL REFERENCES conversations (id) DEFERRABLE INITIALLY DEFERRED,
            seq INTEGER NOT NULL,
            kind TEXT NOT NULL,
            client_message_id TEXT,
            at INTEGER NOT NULL,
            text TEXT NOT NULL,
            doc TEXT NOT NULL
        );
        INSERT INTO messages_deferred_key (rowid, conversation_id, seq, kind, client_message_id, at, text, doc)
        SELECT rowid, conversation_id, seq, kind, client_message_id, at, text, doc FROM messages ORDER BY rowid;
        DROP TABLE messages;
        ALTER TABLE messages_deferred_key RENAME TO messages;
        CREATE UNIQUE INDEX ix_messages_seq ON messages (conversation_id, seq);
        CREATE UNIQUE INDEX ix_messages_client_id ON messages (conversation_id, client_message_id) WHERE client_message_id IS NOT NULL;
        """,
        // 12: the log loses its index. Appends take numbering and the client-id check for the log from the writer's
        // memory (MessageLogView); reads scan the log, a few thousand rows between folds. The index put a leaf
        // of its own into a commit for every chat with a message in it (docs/performance.md).
        """
        DROP INDEX ix_message_log_conversation;
        """,
        // 13: a message's fields become columns of both message tables, and the JSON document goes: it repeated the
        // text, the conversation and the number, doubled what a commit and a fold write, and was serialised by the
        // writer for every message (docs/performance.md). Same rows, same order (rowid), same indexes; instants keep
        // the whole milliseconds of the `at` column.
        $"""
        CREATE TABLE messages_columns (
            conversation_id TEXT NOT NULL REFERENCES conversations (id) DEFERRABLE INITIALLY DEFERRED,
            {MessageFields13}
        );
        {CopyMessages13("messages")}
        DROP TABLE messages;
        ALTER TABLE messages_columns RENAME TO messages;
        CREATE UNIQUE INDEX ix_messages_seq ON messages (conversation_id, seq);
        CREATE UNIQUE INDEX ix_messages_client_id ON messages (conversation_id, client_message_id) WHERE client_message_id IS NOT NULL;
        CREATE TABLE message_log_columns (
            conversation_id TEXT NOT NULL,
            {MessageFields13}
        );
        {CopyMessages13("message_log")}
        DROP TABLE message_log;
        ALTER TABLE message_log_columns RENAME TO message_log;
        """,
    ];

    /// <summary>Migration 13: the columns after the conversation, the same in both message tables.</summary>
    private const string MessageFields13 =
        "seq INTEGER NOT NULL, kind TEXT NOT NULL, author_id TEXT, author_name TEXT, text TEXT NOT NULL, client_message_id TEXT, event TEXT, at INTEGER NOT NULL";

    /// <summary>Migration 13: copies a message table's rows, in order, into its new table, taking the fields out of each document.</summary>
    private static string CopyMessages13(string table) =>
        $"""
        INSERT INTO {table}_columns (rowid, conversation_id, seq, kind, author_id, author_name, text, client_message_id, event, at)
        SELECT rowid, conversation_id, seq, kind, json_extract(doc, '$.authorId'), json_extract(doc, '$.authorName'), text,
               client_message_id, json_extract(doc, '$.event'), at
        FROM {table} ORDER BY rowid;
        """;

    public static Task MigrateAsync(SqliteDatabase database, CancellationToken ct) => MigrateAsync(database, Migrations.Length, ct);

    /// <summary>Migrates up to <paramref name="version"/> only: tests build an older database and check the next migration's upgrade.</summary>
    internal static async Task MigrateAsync(SqliteDatabase database, int version, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using (var wal = connection.Command("PRAGMA journal_mode = WAL;"))
            await wal.ExecuteNonQueryAsync(ct);

        await using var versionCommand = connection.Command("PRAGMA user_version;");
        var current = Convert.ToInt32(await versionCommand.ExecuteScalarAsync(ct));
        for (var i = current; i < version; i++)
        {
            await using var transaction = connection.BeginTransaction();
            foreach (var sql in new[] { Migrations[i], $"PRAGMA user_version = {i + 1};" })
            {
                await using var step = connection.Command(sql);
                step.Transaction = transaction;
                await step.ExecuteNonQueryAsync(ct);
            }
            await transaction.CommitAsync(ct);
        }
    }

    /// <summary>Number of migrations this build knows; tests check a fresh database reaches it.</summary>
    public static int LatestVersion => Migrations.Length;

}
