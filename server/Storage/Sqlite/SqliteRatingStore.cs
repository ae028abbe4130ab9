using AskLibrary.Chat;
using AskLibrary.Ratings;

namespace AskLibrary.Storage.Sqlite;

public sealed class SqliteRatingStore(SqliteDatabase db) : IRatingStore
{
    public Task<IReadOnlyList<RatedChat>> ListRatedAsync(string staffId, DateTimeOffset start, DateTimeOffset end, CancellationToken ct) =>
        db.ReadAsync<IReadOnlyList<RatedChat>>(async connection =>
        {
            // The created_at index narrows to the period; the librarian and the rating are read from the document.
            await using var list = connection.Command(
                """
                SELECT doc FROM conversations
                WHERE created_at >= $start AND created_at < $end
                  AND json_extract(doc, '$.assignedToId') = $staff AND json_extract(doc, '$.rating.score') IS NOT NULL
                ORDER BY created_at DESC, id
                """, null, ("$start", start.ToUnixMs()), ("$end", end.ToUnixMs()), ("$staff", staffId));
            var rated = await list.ReadDocumentsAsync<Conversation>(ct);
            return rated.Select(c => new RatedChat(c.Id, c.QueueId, c.CreatedAt, c.Rating!.Score, c.Rating.Comment, c.Rating.At)).ToList();
        }, ct);
}
