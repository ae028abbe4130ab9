using AskLibrary.Chat;
using AskLibrary.Knowledge.Articles;
using AskLibrary.Patrons;
using AskLibrary.Tickets;

namespace AskLibrary.Storage.Sqlite;

public sealed class SqliteRetentionStore(SqliteDatabase db) : IRetentionStore
{
    public Task<IReadOnlyList<Ticket>> ListTicketsToAnonymiseAsync(DateTimeOffset before, int take, CancellationToken ct) =>
        ListDueAsync<Ticket>(
            """
            SELECT doc FROM tickets
            WHERE status IN ('pending', 'closed') AND mail_pending = 0 AND created_at < $before AND json_extract(doc, '$.anonymisedAt') IS NULL
            ORDER BY created_at LIMIT $take
            """, before, take, ct);

    public Task<IReadOnlyList<TranscriptRequestRecord>> ListTranscriptRequestsToAnonymiseAsync(DateTimeOffset before, int take, CancellationToken ct) =>
        ListDueAsync<TranscriptRequestRecord>(
            """
            SELECT doc FROM transcript_requests
            WHERE requested_at < $before AND json_extract(doc, '$.anonymisedAt') IS NULL
            ORDER BY requested_at LIMIT $take
            """, before, take, ct);

    public Task<IReadOnlyList<KbQuestion>> ListQuestionsToAnonymiseAsync(DateTimeOffset before, int take, CancellationToken ct) =>
        // Same condition as the partial index ix_kb_questions_unanonymised, so SQLite reads only what is still to do.
        ListDueAsync<KbQuestion>(
            """
            SELECT doc FROM kb_questions
            WHERE at < $before AND json_extract(doc, '$.anonymisedAt') IS NULL
            ORDER BY at LIMIT $take
            """, before, take, ct);

    /// <summary>One page of documents still to anonymise: the query binds $before and $take.</summary>
    private Task<IReadOnlyList<T>> ListDueAsync<T>(string sql, DateTimeOffset before, int take, CancellationToken ct) =>
        db.ReadAsync<IReadOnlyList<T>>(async connection =>
        {
            await using var list = connection.Command(sql, null, ("$before", before.ToUnixMs()), ("$take", take));
            return await list.ReadDocumentsAsync<T>(ct);
        }, ct);

    public Task ReplaceQuestionAsync(KbQuestion question, CancellationToken ct) =>
        db.WriteAsync(async (connection, tx) =>
        {
            await using var update = connection.Command("UPDATE kb_questions SET doc = $doc WHERE id = $id", tx,
                ("$id", question.Id), ("$doc", StorageJson.Serialize(question)));
            await update.ExecuteNonQueryAsync(ct);
        }, ct);

    public Task<int> ForgetEventQueriesAsync(DateTimeOffset before, CancellationToken ct) =>
        db.WriteAsync(async (connection, tx) =>
        {
            await using var update = connection.Command(
                "UPDATE kb_events SET doc = json_remove(doc, '$.query') WHERE at < $before AND json_extract(doc, '$.query') IS NOT NULL", tx,
                ("$before", before.ToUnixMs()));
            return await update.ExecuteNonQueryAsync(ct);
        }, ct);
}
