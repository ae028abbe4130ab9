using System.Globalization;
using AskLibrary.Chat.Contracts;
using AskLibrary.Reports;

namespace AskLibrary.Storage.Sqlite;

/// <summary>The reports' queries: projections and GROUP BYs over the conversations and kb_events tables.</summary>
public sealed partial class SqliteReportStore(SqliteDatabase db) : IReportStore
{
    public Task<IReadOnlyList<ConversationFacts>> ListConversationFactsAsync(DateTimeOffset start, DateTimeOffset end, string? queueId, CancellationToken ct) =>
        db.ReadAsync<IReadOnlyList<ConversationFacts>>(async connection =>
        {
            await using var list = connection.Command(
                """
                SELECT queue_id, state, created_at,
                       json_extract(doc, '$.acceptedAt'), json_extract(doc, '$.firstResponseAt'),
                       json_extract(doc, '$.closedAt'), json_extract(doc, '$.rating.score')
                FROM conversations
                WHERE created_at >= $start AND created_at < $end AND ($queue IS NULL OR queue_id = $queue)
                ORDER BY created_at, id
                """, null, ("$start", start.ToUnixMs()), ("$end", end.ToUnixMs()), ("$queue", queueId));
            await using var reader = await list.ExecuteReaderAsync(ct);
            var facts = new List<ConversationFacts>();
            while (await reader.ReadAsync(ct))
                facts.Add(new ConversationFacts(
                    reader.GetString(0),
                    Enum.Parse<ConversationState>(reader.GetString(1), ignoreCase: true),
                    DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)),
                    Instant(reader, 3), Instant(reader, 4), Instant(reader, 5),
                    reader.IsDBNull(6) ? null : reader.GetInt32(6)));
            return facts;
        }, ct);

    public Task<IReadOnlyList<KbEventCount>> CountKbEventsAsync(DateTimeOffset start, DateTimeOffset end, CancellationToken ct) =>
        db.ReadAsync<IReadOnlyList<KbEventCount>>(async connection =>
        {
            await using var count = connection.Command(
                """
                SELECT e.article_id, json_extract(a.doc, '$.title'), e.kind, COUNT(*)
                FROM kb_events e LEFT JOIN kb_articles a ON a.id = e.article_id
                WHERE e.at >= $start AND e.at < $end
                GROUP BY e.article_id, e.kind
                ORDER BY e.article_id, e.kind
                """, null, ("$start", start.ToUnixMs()), ("$end", end.ToUnixMs()));
            await using var reader = await count.ExecuteReaderAsync(ct);
            var counts = new List<KbEventCount>();
            while (await reader.ReadAsync(ct))
                counts.Add(new KbEventCount(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetString(2), reader.GetInt32(3)));
            return counts;
        }, ct);

    public Task<DeflectionCounts> CountDeflectionAsync(DateTimeOffset start, DateTimeOffset end, TimeSpan window, CancellationToken ct) =>
        db.ReadAsync(async connection =>
        {
            // Per visitor: did any of their opens lead to a chat they started within the window?
            await using var count = connection.Command(
                """
                SELECT COUNT(*), COALESCE(SUM(CASE WHEN chatted = 0 THEN 1 ELSE 0 END), 0)
                FROM (
                    SELECT opens.visitor_id, MAX(EXISTS (
                               SELECT 1 FROM conversations c
                               WHERE c.visitor_id = opens.visitor_id AND c.created_at >= opens.at AND c.created_at < opens.at + $window)) AS chatted
                    FROM (SELECT json_extract(doc, '$.visitorId') AS visitor_id, at FROM kb_events
                          WHERE kind = 'Opened' AND at >= $start AND at < $end) AS opens
                    WHERE opens.visitor_id IS NOT NULL
                    GROUP BY opens.visitor_id
                )
                """, null, ("$start", start.ToUnixMs()), ("$end", end.ToUnixMs()), ("$window", (long)window.TotalMilliseconds));
            await using var reader = await count.ExecuteReaderAsync(ct);
            await reader.ReadAsync(ct);
            return new DeflectionCounts(reader.GetInt32(0), reader.GetInt32(1));
        }, ct);

    private static DateTimeOffset? Instant(System.Data.Common.DbDataReader reader, int column) =>
        reader.IsDBNull(column) ? null : DateTimeOffset.Parse(reader.GetString(column), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
}
