using AskLibrary.Reports;

namespace AskLibrary.Storage.Sqlite;

// The library-CRM reports' queries: topics (json_each over the tags), the READ scale, ticket deadlines and
// the visits the segments are computed from. docs/reports.md gives the MongoDB pipeline of each.
public sealed partial class SqliteReportStore
{
    private const string InPeriod = "created_at >= $start AND created_at < $end AND ($queue IS NULL OR queue_id = $queue)";

    public Task<TopicCounts> CountTopicsAsync(DateTimeOffset start, DateTimeOffset end, string? queueId, CancellationToken ct) =>
        db.ReadAsync(async connection =>
        {
            (string, object?)[] period = [("$start", start.ToUnixMs()), ("$end", end.ToUnixMs()), ("$queue", queueId)];
            int chats, tagged;
            await using (var totals = connection.Command(
                $"SELECT COUNT(*), COALESCE(SUM(json_array_length(doc, '$.tags') > 0), 0) FROM conversations WHERE {InPeriod}", null, period))
            await using (var reader = await totals.ExecuteReaderAsync(ct))
            {
                await reader.ReadAsync(ct);
                (chats, tagged) = (reader.GetInt32(0), reader.GetInt32(1));
            }
            await using var perTag = connection.Command(
                """
                SELECT t.value, COUNT(*) FROM conversations c, json_each(c.doc, '$.tags') t
                WHERE c.created_at >= $start AND c.created_at < $end AND ($queue IS NULL OR c.queue_id = $queue)
                GROUP BY t.value
                """, null, period);
            await using var tags = await perTag.ExecuteReaderAsync(ct);
            var counts = new List<TagCount>();
            while (await tags.ReadAsync(ct))
                counts.Add(new TagCount(tags.GetString(0), tags.GetInt32(1)));
            return new TopicCounts(chats, tagged, counts);
        }, ct);

    public Task<ReadScaleCounts> CountReadScaleAsync(DateTimeOffset start, DateTimeOffset end, string? queueId, CancellationToken ct) =>
        db.ReadAsync(async connection =>
        {
            // One GROUP BY: level null holds the unrated chats, and every group counts its answered chats.
            await using var count = connection.Command(
                $"""
                SELECT json_extract(doc, '$.readScale') AS level, COUNT(*), COALESCE(SUM(json_extract(doc, '$.acceptedAt') IS NOT NULL), 0)
                FROM conversations WHERE {InPeriod}
                GROUP BY level
                """, null, ("$start", start.ToUnixMs()), ("$end", end.ToUnixMs()), ("$queue", queueId));
            await using var reader = await count.ExecuteReaderAsync(ct);
            var answered = 0;
            var levels = new List<ReadScaleCount>();
            while (await reader.ReadAsync(ct))
            {
                answered += reader.GetInt32(2);
                if (!reader.IsDBNull(0))
                    levels.Add(new ReadScaleCount(reader.GetInt32(0), reader.GetInt32(1)));
            }
            return new ReadScaleCounts(answered, levels);
        }, ct);

    public Task<IReadOnlyList<TicketFacts>> ListTicketFactsAsync(DateTimeOffset start, DateTimeOffset end, string? queueId, CancellationToken ct) =>
        db.ReadAsync<IReadOnlyList<TicketFacts>>(async connection =>
        {
            // Answers are appended in time order, so the first one is the first answer.
            await using var list = connection.Command(
                $"""
                SELECT queue_id, created_at, due_at, json_extract(doc, '$.answers[0].at'), status = 'closed'
                FROM tickets WHERE {InPeriod}
                ORDER BY created_at, id
                """, null, ("$start", start.ToUnixMs()), ("$end", end.ToUnixMs()), ("$queue", queueId));
            await using var reader = await list.ExecuteReaderAsync(ct);
            var facts = new List<TicketFacts>();
            while (await reader.ReadAsync(ct))
                facts.Add(new TicketFacts(reader.GetString(0), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)),
                    reader.IsDBNull(2) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)),
                    Instant(reader, 3), reader.GetBoolean(4)));
            return facts;
        }, ct);

    public Task<IReadOnlyList<PatronChat>> ListPatronChatsAsync(DateTimeOffset start, DateTimeOffset end, CancellationToken ct) =>
        ListVisitsAsync("SELECT visitor_id, created_at FROM conversations WHERE created_at >= $start AND created_at < $end ORDER BY created_at, id",
            [("$start", start.ToUnixMs()), ("$end", end.ToUnixMs())], ct);

    public Task<IReadOnlyList<PatronChat>> ListFirstChatsAsync(DateTimeOffset end, CancellationToken ct) =>
        ListVisitsAsync("SELECT visitor_id, MIN(created_at) FROM conversations WHERE created_at < $end GROUP BY visitor_id",
            [("$end", end.ToUnixMs())], ct);

    private Task<IReadOnlyList<PatronChat>> ListVisitsAsync(string sql, (string, object?)[] parameters, CancellationToken ct) =>
        db.ReadAsync<IReadOnlyList<PatronChat>>(async connection =>
        {
            await using var list = connection.Command(sql, null, parameters);
            await using var reader = await list.ExecuteReaderAsync(ct);
            var visits = new List<PatronChat>();
            while (await reader.ReadAsync(ct))
                visits.Add(new PatronChat(reader.GetString(0), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1))));
            return visits;
        }, ct);
}
