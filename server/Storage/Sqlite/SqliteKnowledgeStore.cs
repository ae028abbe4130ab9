using AskLibrary.Knowledge.Articles;

namespace AskLibrary.Storage.Sqlite;

public sealed class SqliteKnowledgeStore(SqliteDatabase db) : IKnowledgeStore
{
    public Task<KbArticleRecord?> FindAsync(string id, CancellationToken ct) =>
        db.ReadAsync(async connection =>
        {
            await using var find = connection.Command("SELECT doc FROM kb_articles WHERE id = $id", null, ("$id", id));
            return await find.ReadDocumentAsync<KbArticleRecord>(ct);
        }, ct);

    public Task<IReadOnlyList<KbArticleRecord>> ListAsync(CancellationToken ct) =>
        db.ReadAsync<IReadOnlyList<KbArticleRecord>>(async connection =>
        {
            await using var list = connection.Command("SELECT doc FROM kb_articles ORDER BY id");
            return await list.ReadDocumentsAsync<KbArticleRecord>(ct);
        }, ct);

    public Task<bool> SaveAsync(KbArticleRecord article, string change, CancellationToken ct) =>
        db.WriteAsync(async (connection, tx) =>
        {
            var doc = StorageJson.Serialize(article);
            await using var save = article.Version == 1
                ? connection.Command("INSERT INTO kb_articles (id, version, doc) VALUES ($id, 1, $doc) ON CONFLICT DO NOTHING", tx, ("$id", article.Id), ("$doc", doc))
                : connection.Command("UPDATE kb_articles SET version = $version, doc = $doc WHERE id = $id AND version = $version - 1", tx,
                    ("$id", article.Id), ("$version", article.Version), ("$doc", doc));
            if (await save.ExecuteNonQueryAsync(ct) == 0)
                return false;
            var version = new KbArticleVersion(article.Id, article.Version, article.UpdatedAt, article.UpdatedBy ?? "", change, article);
            await using var history = connection.Command(
                "INSERT INTO kb_versions (article_id, version, at, doc) VALUES ($id, $version, $at, $doc)", tx,
                ("$id", article.Id), ("$version", article.Version), ("$at", article.UpdatedAt.ToUnixMs()), ("$doc", StorageJson.Serialize(version)));
            await history.ExecuteNonQueryAsync(ct);
            return true;
        }, ct);

    public Task<IReadOnlyList<KbArticleVersion>> ListVersionsAsync(string id, CancellationToken ct) =>
        db.ReadAsync<IReadOnlyList<KbArticleVersion>>(async connection =>
        {
            await using var list = connection.Command("SELECT doc FROM kb_versions WHERE article_id = $id ORDER BY version DESC", null, ("$id", id));
            return await list.ReadDocumentsAsync<KbArticleVersion>(ct);
        }, ct);

    public Task AddEventAsync(KbEvent e, CancellationToken ct) =>
        db.WriteAsync(async (connection, tx) =>
        {
            await using var insert = connection.Command(
                "INSERT INTO kb_events (article_id, kind, at, visitor_id, doc) VALUES ($article, $kind, $at, $visitor, $doc)", tx,
                ("$article", e.ArticleId), ("$kind", e.Kind.ToString()), ("$at", e.At.ToUnixMs()), ("$visitor", e.VisitorId), ("$doc", StorageJson.Serialize(e)));
            await insert.ExecuteNonQueryAsync(ct);
        }, ct);

    public Task<IReadOnlyDictionary<string, KbArticleStats>> CountEventsAsync(CancellationToken ct) =>
        db.ReadAsync<IReadOnlyDictionary<string, KbArticleStats>>(async connection =>
        {
            await using var count = connection.Command("SELECT article_id, kind, COUNT(*) FROM kb_events GROUP BY article_id, kind");
            await using var reader = await count.ExecuteReaderAsync(ct);
            var stats = new Dictionary<string, KbArticleStats>(StringComparer.Ordinal);
            while (await reader.ReadAsync(ct))
            {
                var s = stats.GetValueOrDefault(reader.GetString(0), KbArticleStats.None);
                var n = reader.GetInt32(2);
                stats[reader.GetString(0)] = Enum.Parse<KbEventKind>(reader.GetString(1)) switch
                {
                    KbEventKind.Shown => s with { Shown = n },
                    KbEventKind.Opened => s with { Opened = n },
                    KbEventKind.Inserted => s with { Inserted = n },
                    KbEventKind.Helpful => s with { Helpful = n },
                    _ => s with { NotHelpful = n },
                };
            }
            return stats;
        }, ct);

    /// <summary>Every chat start records its question: prepared once on the writer's connection, not parsed each time.</summary>
    public Task AddQuestionAsync(KbQuestion question, CancellationToken ct) =>
        db.WriteAsync((connection, _) =>
        {
            using var insert = db.Prepared(connection, "INSERT INTO kb_questions (id, at, best_score, doc) VALUES ($id, $at, $score, $doc)")
                .Bind("$id", question.Id).Bind("$at", question.At.ToUnixMs()).Bind("$score", question.BestScore)
                .Bind("$doc", StorageJson.Serialize(question));
            insert.Step();
            return Task.CompletedTask;
        }, ct);

    public Task<IReadOnlyList<KbQuestion>> ListPoorlyAnsweredAsync(float threshold, DateTimeOffset since, int take, CancellationToken ct) =>
        db.ReadAsync<IReadOnlyList<KbQuestion>>(async connection =>
        {
            await using var list = connection.Command(
                "SELECT doc FROM kb_questions WHERE best_score < $threshold AND at >= $since ORDER BY at DESC LIMIT $take", null,
                ("$threshold", threshold), ("$since", since.ToUnixMs()), ("$take", take));
            return await list.ReadDocumentsAsync<KbQuestion>(ct);
        }, ct);
}
