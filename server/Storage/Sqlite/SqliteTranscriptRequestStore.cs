using AskLibrary.Chat;

namespace AskLibrary.Storage.Sqlite;

public sealed class SqliteTranscriptRequestStore(SqliteDatabase db) : ITranscriptRequestStore
{
    public Task AddAsync(TranscriptRequestRecord request, CancellationToken ct) =>
        db.WriteAsync(async (connection, tx) =>
        {
            await using var insert = connection.Command(
                "INSERT INTO transcript_requests (id, conversation_id, requested_at, doc) VALUES ($id, $conversation, $at, $doc)", tx,
                ("$id", request.Id), ("$conversation", request.ConversationId), ("$at", request.RequestedAt.ToUnixMs()),
                ("$doc", StorageJson.Serialize(request)));
            await insert.ExecuteNonQueryAsync(ct);
        }, ct);

    public Task<IReadOnlyList<TranscriptRequestRecord>> ListForConversationAsync(string conversationId, CancellationToken ct) =>
        db.ReadAsync<IReadOnlyList<TranscriptRequestRecord>>(async connection =>
        {
            await using var list = connection.Command(
                "SELECT doc FROM transcript_requests WHERE conversation_id = $id ORDER BY requested_at", null, ("$id", conversationId));
            return await list.ReadDocumentsAsync<TranscriptRequestRecord>(ct);
        }, ct);

    public Task<IReadOnlyList<TranscriptRequestRecord>> ListUnsentAsync(int maxAttempts, CancellationToken ct) =>
        db.ReadAsync<IReadOnlyList<TranscriptRequestRecord>>(async connection =>
        {
            await using var list = connection.Command(
                "SELECT doc FROM transcript_requests WHERE sent_at IS NULL AND attempts < $max ORDER BY requested_at LIMIT 100", null, ("$max", maxAttempts));
            return await list.ReadDocumentsAsync<TranscriptRequestRecord>(ct);
        }, ct);

    public Task ReplaceAsync(TranscriptRequestRecord request, CancellationToken ct) =>
        db.WriteAsync(async (connection, tx) =>
        {
            await using var update = connection.Command(
                "UPDATE transcript_requests SET sent_at = $sent, attempts = $attempts, doc = $doc WHERE id = $id", tx,
                ("$id", request.Id), ("$sent", request.SentAt?.ToUnixMs()), ("$attempts", request.Attempts), ("$doc", StorageJson.Serialize(request)));
            await update.ExecuteNonQueryAsync(ct);
        }, ct);
}
