using AskLibrary.Knowledge.Articles;
using MongoDB.Bson;
using MongoDB.Driver;

namespace AskLibrary.Storage.MongoDb;

/// <summary>Articles with optimistic versions; an article and its history entry are written in one transaction.</summary>
public sealed class MongoKnowledgeStore(MongoStorage mongo) : IKnowledgeStore
{
    public static readonly IReadOnlyList<MongoIndex> Indexes =
    [
        new(CollectionNames.KbVersions, "ix_kb_versions", new BsonDocument { { "articleId", 1 }, { "version", -1 } }, Unique: true),
        new(CollectionNames.KbEvents, "ix_kb_events_article", new BsonDocument { { "articleId", 1 }, { "kind", 1 } }),
        // The reports: events in a period, and the deflection report's opens.
        new(CollectionNames.KbEvents, "ix_kb_events_kind_at", new BsonDocument { { "kind", 1 }, { "at", 1 } }),
        new(CollectionNames.KbEvents, "ix_kb_events_at", new BsonDocument("at", 1)),
        new(CollectionNames.KbQuestions, "ix_kb_questions_at", new BsonDocument("at", -1)),
    ];

    public async Task<KbArticleRecord?> FindAsync(string id, CancellationToken ct) =>
        await mongo.KbArticles.Find(new BsonDocument("_id", id)).FirstOrDefaultAsync(ct);

    public async Task<IReadOnlyList<KbArticleRecord>> ListAsync(CancellationToken ct) =>
        await mongo.KbArticles.Find(FilterDefinition<KbArticleRecord>.Empty).Sort(new BsonDocument("_id", 1)).ToListAsync(ct);

    public async Task<bool> SaveAsync(KbArticleRecord article, string change, CancellationToken ct)
    {
        try
        {
            return await mongo.InTransactionAsync(async (session, token) =>
            {
                if (article.Version == 1)
                    await mongo.KbArticles.InsertOneAsync(session, article, cancellationToken: token);
                else if ((await mongo.KbArticles.ReplaceOneAsync(session,
                             new BsonDocument { { "_id", article.Id }, { "version", article.Version - 1 } }, article, cancellationToken: token)).MatchedCount == 0)
                    return false;
                var version = new KbArticleVersion(article.Id, article.Version, article.UpdatedAt, article.UpdatedBy ?? "", change, article);
                await mongo.KbVersions.InsertOneAsync(session, version, cancellationToken: token);
                return true;
            }, ct);
        }
        catch (MongoException e) when (MongoStorage.IsDuplicateKey(e))
        {
            // Version 1 of an id that exists, or a history entry someone else wrote: someone saved in between.
            return false;
        }
    }

    public async Task<IReadOnlyList<KbArticleVersion>> ListVersionsAsync(string id, CancellationToken ct) =>
        await mongo.KbVersions.Find(new BsonDocument("articleId", id)).Sort(new BsonDocument("version", -1)).ToListAsync(ct);

    public Task AddEventAsync(KbEvent e, CancellationToken ct) => mongo.KbEvents.InsertOneAsync(e, cancellationToken: ct);

    public async Task<IReadOnlyDictionary<string, KbArticleStats>> CountEventsAsync(CancellationToken ct)
    {
        var groups = await mongo.Raw(CollectionNames.KbEvents).Aggregate<BsonDocument>(
            new BsonDocument[] { new("$group", new BsonDocument { { "_id", new BsonDocument { { "articleId", "$articleId" }, { "kind", "$kind" } } }, { "n", new BsonDocument("$sum", 1) } }) },
            cancellationToken: ct).ToListAsync(ct);
        var stats = new Dictionary<string, KbArticleStats>(StringComparer.Ordinal);
        foreach (var group in groups)
        {
            var articleId = group["_id"]["articleId"].AsString;
            var s = stats.GetValueOrDefault(articleId, KbArticleStats.None);
            var n = group["n"].ToInt32();
            stats[articleId] = SnakeCaseEnumSerializer<KbEventKind>.Parse(group["_id"]["kind"].AsString) switch
            {
                KbEventKind.Shown => s with { Shown = n },
                KbEventKind.Opened => s with { Opened = n },
                KbEventKind.Inserted => s with { Inserted = n },
                KbEventKind.Helpful => s with { Helpful = n },
                _ => s with { NotHelpful = n },
            };
        }
        return stats;
    }

    public Task AddQuestionAsync(KbQuestion question, CancellationToken ct) => mongo.KbQuestions.InsertOneAsync(question, cancellationToken: ct);

    public async Task<IReadOnlyList<KbQuestion>> ListPoorlyAnsweredAsync(float threshold, DateTimeOffset since, int take, CancellationToken ct) =>
        await mongo.KbQuestions.Find(new BsonDocument
            {
                { "bestScore", new BsonDocument("$lt", (double)threshold) }, { "at", new BsonDocument("$gte", since.UtcDateTime) },
            }).Sort(new BsonDocument("at", -1)).Limit(take).ToListAsync(ct);
}
