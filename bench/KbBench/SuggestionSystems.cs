using AskLibrary.Knowledge;
using AskLibrary.Knowledge.Articles;
using AskLibrary.Knowledge.Search;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AskLibrary.Bench.KbBench;

/// <summary>One of the two systems under measurement: index a knowledge base, then answer suggestion queries.</summary>
internal interface ISuggestionSystem : IDisposable
{
    string Name { get; }

    /// <summary>Builds a fresh index of <paramref name="articles"/>, searchable when this returns.</summary>
    void Index(IReadOnlyList<KbArticleRecord> articles);

    /// <summary>Suggestions for what a patron typed; returns how many articles were suggested.</summary>
    int Suggest(string query);

    /// <summary>Segments of the index being searched (each costs a query term lookups and a pass of the search).</summary>
    int Segments { get; }
}

/// <summary>
/// The product: the same KnowledgeService.Suggest that GET /api/kb/suggest calls (patron view, 3 suggestions,
/// 10 candidates re-ranked by feedback and language), over the server's default in-memory KnowledgeIndex
/// with kb/synonyms.txt and kb/userdict.txt. Indexing is KnowledgeService.InitializeAsync, as at server start.
/// </summary>
internal sealed class ProductSuggestions(SearchDataOptions data) : ISuggestionSystem
{
    private KnowledgeIndex? _index;
    private KnowledgeService? _service;

    public string Name => "AskLibrary";

    public int Segments => _index?.SegmentCount ?? 0;

    /// <summary>The parts of a suggestion, timed apart for <c>--breakdown</c>: building the query, and ranking (building included).</summary>
    public (Action<string> BuildQuery, Action<string> Rank) Parts
    {
        get
        {
            var index = _index ?? throw new InvalidOperationException("Index first.");
            return (q => index.ExplainTerms(q), q => index.Rank(q, 10));
        }
    }

    public void Index(IReadOnlyList<KbArticleRecord> articles)
    {
        Dispose();
        _index = KnowledgeIndex.CreateInMemory(data);
        var store = new BenchKnowledgeStore(articles, SomeFeedback(articles));
        _service = new KnowledgeService(store, _index, Options.Create(new KnowledgeOptions()), TimeProvider.System, new AskLibrary.Cluster.SingleNode(), NullLogger<KnowledgeService>.Instance);
        _service.InitializeAsync(importDirectory: null, CancellationToken.None).GetAwaiter().GetResult();
    }

    public int Suggest(string query)
    {
        var service = _service ?? throw new InvalidOperationException("Index first.");
        // The widget sends its interface language; patrons here mostly type Chinese.
        return service.Suggest(query, KbAudienceView.Patron, 3, LanguageOf(query)).Count;
    }

    private static string LanguageOf(string query) =>
        query.Any(c => c is >= '\u4E00' and <= '\u9FFF') ? KbLanguages.SimplifiedChinese : KbLanguages.English;

    /// <summary>Every tenth article has been shown, opened and rated, so the feedback re-ranking does real work.</summary>
    private static Dictionary<string, KbArticleStats> SomeFeedback(IReadOnlyList<KbArticleRecord> articles)
    {
        var random = new Random(42);
        return articles.Where((_, i) => i % 10 == 0).ToDictionary(a => a.Id,
            _ => new KbArticleStats(random.Next(5, 200), random.Next(0, 40), random.Next(0, 10), random.Next(0, 8), random.Next(0, 4)));
    }

    public void Dispose()
    {
        _index?.Dispose();
        _index = null;
        _service = null;
    }
}
