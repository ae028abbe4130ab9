using AskLibrary.Knowledge.Articles;

namespace AskLibrary.Bench.KbBench;

/// <summary>
/// The articles and feedback counts KnowledgeService starts from, held in memory: the bench measures search,
/// not SQLite. Only the reads that start-up and suggestions make are supported.
/// </summary>
internal sealed class BenchKnowledgeStore(IReadOnlyList<KbArticleRecord> articles, IReadOnlyDictionary<string, KbArticleStats> events) : IKnowledgeStore
{
    public Task<IReadOnlyList<KbArticleRecord>> ListAsync(CancellationToken ct) => Task.FromResult(articles);

    public Task<IReadOnlyDictionary<string, KbArticleStats>> CountEventsAsync(CancellationToken ct) => Task.FromResult(events);

    public Task<KbArticleRecord?> FindAsync(string id, CancellationToken ct) => Task.FromResult(articles.FirstOrDefault(a => a.Id == id));

    public Task<bool> SaveAsync(KbArticleRecord article, string change, CancellationToken ct) => throw ReadOnly();

    public Task<IReadOnlyList<KbArticleVersion>> ListVersionsAsync(string id, CancellationToken ct) => throw ReadOnly();

    public Task AddEventAsync(KbEvent e, CancellationToken ct) => throw ReadOnly();

    public Task AddQuestionAsync(KbQuestion question, CancellationToken ct) => throw ReadOnly();

    public Task<IReadOnlyList<KbQuestion>> ListPoorlyAnsweredAsync(float threshold, DateTimeOffset since, int take, CancellationToken ct) => throw ReadOnly();

    private static NotSupportedException ReadOnly() => new("The benchmark's store only serves start-up reads.");
}
