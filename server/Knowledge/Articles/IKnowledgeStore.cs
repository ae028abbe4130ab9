namespace AskLibrary.Knowledge.Articles;

/// <summary>Articles, their history, feedback events and matched questions; shaped by KnowledgeService.</summary>
public interface IKnowledgeStore
{
    Task<KbArticleRecord?> FindAsync(string id, CancellationToken ct);

    Task<IReadOnlyList<KbArticleRecord>> ListAsync(CancellationToken ct);

    /// <summary>
    /// Stores the article as version <c>article.Version</c> and records it in the history. Returns false,
    /// writing nothing, when the stored version is not <c>article.Version - 1</c> (someone saved in between).
    /// </summary>
    Task<bool> SaveAsync(KbArticleRecord article, string change, CancellationToken ct);

    Task<IReadOnlyList<KbArticleVersion>> ListVersionsAsync(string id, CancellationToken ct);

    Task AddEventAsync(KbEvent e, CancellationToken ct);

    Task<IReadOnlyDictionary<string, KbArticleStats>> CountEventsAsync(CancellationToken ct);

    Task AddQuestionAsync(KbQuestion question, CancellationToken ct);

    /// <summary>Questions since <paramref name="since"/> whose best match scored under <paramref name="threshold"/>, newest first.</summary>
    Task<IReadOnlyList<KbQuestion>> ListPoorlyAnsweredAsync(float threshold, DateTimeOffset since, int take, CancellationToken ct);
}
