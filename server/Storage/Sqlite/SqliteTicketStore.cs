using AskLibrary.Tickets;

namespace AskLibrary.Storage.Sqlite;

public sealed class SqliteTicketStore(SqliteDatabase db) : ITicketStore
{
    private const string Columns = "id, queue_id, status, owner_id, due_at, created_at, closed_at, visitor_id, client_request_id, conversation_id, reminded, mail_pending, doc";

    public Task<Ticket> AddAsync(Ticket ticket, CancellationToken ct) =>
        db.WriteAsync(async (connection, tx) =>
        {
            // The unique (visitor, client request id) and (conversation) indexes make a retry return the first ticket.
            await using (var insert = connection.Command(
                $"INSERT INTO tickets ({Columns}) VALUES ($id, $queue, $status, $owner, $due, $created, $closed, $visitor, $client, $conversation, $reminded, $mail, $doc) ON CONFLICT DO NOTHING",
                tx, Parameters(ticket)))
                await insert.ExecuteNonQueryAsync(ct);
            await using var stored = connection.Command(
                """
                SELECT doc FROM tickets WHERE id = $id
                    OR (client_request_id IS NOT NULL AND visitor_id IS $visitor AND client_request_id = $client)
                    OR conversation_id = $conversation
                LIMIT 1
                """, tx,
                ("$id", ticket.Id), ("$visitor", ticket.VisitorId), ("$client", ticket.ClientRequestId), ("$conversation", ticket.ConversationId));
            return await stored.ReadDocumentAsync<Ticket>(ct) ?? ticket;
        }, ct);

    public Task<Ticket?> FindAsync(string id, CancellationToken ct) =>
        db.ReadAsync(async connection =>
        {
            await using var find = connection.Command("SELECT doc FROM tickets WHERE id = $id", null, ("$id", id));
            return await find.ReadDocumentAsync<Ticket>(ct);
        }, ct);

    public Task ReplaceAsync(Ticket ticket, CancellationToken ct) =>
        db.WriteAsync(async (connection, tx) =>
        {
            await using var update = connection.Command(
                """
                UPDATE tickets SET queue_id = $queue, status = $status, owner_id = $owner, due_at = $due, closed_at = $closed,
                    reminded = $reminded, mail_pending = $mail, doc = $doc
                WHERE id = $id
                """, tx, Parameters(ticket));
            await update.ExecuteNonQueryAsync(ct);
        }, ct);

    public Task<IReadOnlyList<Ticket>> ListAsync(TicketQuery query, CancellationToken ct) =>
        db.ReadAsync<IReadOnlyList<Ticket>>(async connection =>
        {
            var where = new List<string>();
            var parameters = new List<(string, object?)> { ("$take", query.Take), ("$now", query.Now.ToUnixMs()) };
            if (query.Status is { } status)
            {
                where.Add("status = $status");
                parameters.Add(("$status", StatusName(status)));
            }
            if (query.OwnerId is { } owner)
            {
                where.Add("owner_id = $owner");
                parameters.Add(("$owner", owner));
            }
            if (query.OverdueOnly)
                where.Add("status = 'open' AND due_at < $now");
            if (query.Queues is { } queues)
            {
                var names = queues.Select((q, i) => (Name: "$q" + i, Queue: q)).ToList();
                where.Add(names.Count == 0 ? "0" : $"queue_id IN ({string.Join(", ", names.Select(n => n.Name))})");
                parameters.AddRange(names.Select(n => (n.Name, (object?)n.Queue)));
            }
            var sql = $"""
                SELECT doc FROM tickets {(where.Count > 0 ? "WHERE " + string.Join(" AND ", where) : "")}
                ORDER BY status = 'closed', CASE WHEN status = 'closed' THEN -closed_at END, due_at IS NULL, due_at, created_at DESC, id
                LIMIT $take
                """;
            await using var list = connection.Command(sql, null, [.. parameters]);
            return await list.ReadDocumentsAsync<Ticket>(ct);
        }, ct);

    public Task<IReadOnlyList<Ticket>> ListToRemindAsync(DateTimeOffset dueBy, CancellationToken ct) =>
        db.ReadAsync<IReadOnlyList<Ticket>>(async connection =>
        {
            await using var list = connection.Command(
                "SELECT doc FROM tickets WHERE status = 'open' AND reminded = 0 AND due_at <= $due ORDER BY due_at LIMIT 100", null,
                ("$due", dueBy.ToUnixMs()));
            return await list.ReadDocumentsAsync<Ticket>(ct);
        }, ct);

    public Task<IReadOnlyList<Ticket>> ListMailPendingAsync(CancellationToken ct) =>
        db.ReadAsync<IReadOnlyList<Ticket>>(async connection =>
        {
            await using var list = connection.Command("SELECT doc FROM tickets WHERE mail_pending = 1 ORDER BY created_at LIMIT 100");
            return await list.ReadDocumentsAsync<Ticket>(ct);
        }, ct);

    private static (string, object?)[] Parameters(Ticket t) =>
    [
        ("$id", t.Id), ("$queue", t.QueueId), ("$status", StatusName(t.Status)), ("$owner", t.OwnerId), ("$due", t.DueAt?.ToUnixMs()),
        ("$created", t.CreatedAt.ToUnixMs()), ("$closed", t.ClosedAt?.ToUnixMs()), ("$visitor", t.VisitorId), ("$client", t.ClientRequestId),
        ("$conversation", t.ConversationId), ("$reminded", t.RemindedAt is null ? 0 : 1), ("$mail", t.MailPending ? 1 : 0),
        ("$doc", StorageJson.Serialize(t)),
    ];

    private static string StatusName(TicketStatus status) => status.ToString().ToLowerInvariant();
}
