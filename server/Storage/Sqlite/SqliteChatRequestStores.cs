using AskLibrary.Chat;

namespace AskLibrary.Storage.Sqlite;

public sealed class SqliteOfflineQuestionStore(SqliteDatabase db) : IOfflineQuestionStore
{
    public Task<OfflineQuestionRecord> AddAsync(OfflineQuestionRecord question, CancellationToken ct) =>
        db.WriteAsync(async (connection, tx) =>
        {
            // The unique (visitor, client request id) index makes a retried submission return the first one.
            await using (var insert = connection.Command(
                """
                INSERT INTO offline_questions (id, visitor_id, client_request_id, created_at, doc)
                VALUES ($id, $visitor, $client, $created, $doc) ON CONFLICT DO NOTHING
                """, tx,
                ("$id", question.Id), ("$visitor", question.VisitorId), ("$client", question.ClientRequestId),
                ("$created", question.CreatedAt.ToUnixMs()), ("$doc", StorageJson.Serialize(question))))
                await insert.ExecuteNonQueryAsync(ct);
            await using var stored = connection.Command(
                "SELECT doc FROM offline_questions WHERE visitor_id = $visitor AND client_request_id = $client", tx,
                ("$visitor", question.VisitorId), ("$client", question.ClientRequestId));
            return await stored.ReadDocumentAsync<OfflineQuestionRecord>(ct) ?? question;
        }, ct);

    public Task<IReadOnlyList<OfflineQuestionRecord>> ListAsync(int take, CancellationToken ct) =>
        db.ReadAsync<IReadOnlyList<OfflineQuestionRecord>>(async connection =>
        {
            await using var list = connection.Command(
                "SELECT doc FROM offline_questions ORDER BY created_at DESC, id LIMIT $take", null, ("$take", take));
            return await list.ReadDocumentsAsync<OfflineQuestionRecord>(ct);
        }, ct);
}

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
}
