using System.Collections.Concurrent;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace AskLibrary.Knowledge.Search;

public sealed partial class KnowledgeIndex
{
    private static readonly HashSet<string> RankedFields = [KnowledgeFields.Id, KnowledgeFields.Title];
    private static readonly HashSet<string> SnippetFields = [KnowledgeFields.Body, KnowledgeFields.Summary];
    private const int MaxCachedFilters = 64;
    private readonly ConcurrentDictionary<string, Filter> _filters = new(StringComparer.Ordinal);

    /// <summary>
    /// The best <paramref name="top"/> articles for free text, best first, restricted by
    /// <paramref name="filter"/> (by default what a patron may see), each with its snippet.
    /// </summary>
    public IReadOnlyList<KbSearchHit> Search(string query, int top = 5, KbSearchFilter? filter = null)
    {
        var ranking = Rank(query, top, filter);
        return ranking.Articles.Select(a => new KbSearchHit(a.Id, a.Title, a.Score, ranking.Snippet(a))).ToList();
    }

    /// <summary>
    /// Like <see cref="Search"/>, without snippets: callers that re-rank or show only some of the articles
    /// build the snippets of those they show (<see cref="KbRanking.Snippet"/>).
    /// </summary>
    public KbRanking Rank(string query, int top = 5, KbSearchFilter? filter = null)
    {
        if (string.IsNullOrWhiteSpace(query) || top <= 0) return KbRanking.Empty;
        var searcher = _searchers.Acquire();
        try
        {
            var built = _queries.Build(query, _vocabulary, searcher.IndexReader);
            if (built.Terms.Count == 0) return KbRanking.Empty;
            var view = ToLuceneFilter(filter ?? KbSearchFilter.PatronView);
            var found = _maxScore is { } pruned ? pruned.Search(searcher, built.Weighted, view, top) : SearchAll(searcher, built.Query, view, top);
            return new KbRanking(ToArticles(searcher, found), built.HighlightTerms, _snippets);
        }
        finally
        {
            _searchers.Release(searcher);
        }
    }

    /// <summary>
    /// For tests: the articles <see cref="MaxScoreSearch"/> finds and those of the full Lucene query, from one
    /// searcher (after deletions, a background merge changes document frequencies and so the scores).
    /// </summary>
    internal (IReadOnlyList<KbRankedArticle> Pruned, IReadOnlyList<KbRankedArticle> Full) RankBothWays(string query, int top, KbSearchFilter filter)
    {
        var searcher = _searchers.Acquire();
        try
        {
            var built = _queries.Build(query, _vocabulary, searcher.IndexReader);
            if (built.Terms.Count == 0) return ([], []);
            var view = ToLuceneFilter(filter);
            var pruned = (_maxScore ?? new MaxScoreSearch(_tuning)).Search(searcher, built.Weighted, view, top);
            return (ToArticles(searcher, pruned), ToArticles(searcher, SearchAll(searcher, built.Query, view, top)));
        }
        finally
        {
            _searchers.Release(searcher);
        }
    }

    private List<KbRankedArticle> ToArticles(IndexSearcher searcher, ScoreDoc[] found)
    {
        var articles = new List<KbRankedArticle>(found.Length);
        foreach (var scoreDoc in found)
        {
            var doc = searcher.Doc(scoreDoc.Doc, RankedFields);
            var id = doc.Get(KnowledgeFields.Id);
            // An index opened from disk was analysed by an earlier process: its snippet texts are analysed on first use.
            var source = _snippets.Find(id) ?? LoadSnippetSource(searcher, scoreDoc.Doc, id);
            articles.Add(new KbRankedArticle(id, doc.Get(KnowledgeFields.Title), scoreDoc.Score) { Source = source });
        }
        return articles;
    }

    /// <summary>
    /// The Lucene query, scored in full; for the tunings <see cref="MaxScoreSearch"/> does not cover. The view is
    /// checked per collected article rather than as a query filter: Lucene 4.8 scores a filtered query one document
    /// at a time, but a bare disjunction with its bulk scorer (windows, out of order).
    /// </summary>
    private static ScoreDoc[] SearchAll(IndexSearcher searcher, Query query, Filter view, int top)
    {
        var collector = TopScoreDocCollector.Create(top, docsScoredInOrder: false);
        searcher.Search(query, new ViewCollector(collector, view));
        return collector.GetTopDocs().ScoreDocs;
    }

    private SnippetSource LoadSnippetSource(IndexSearcher searcher, int doc, string id)
    {
        var stored = searcher.Doc(doc, SnippetFields);
        var source = _snippets.Analyze(stored.Get(KnowledgeFields.Body) ?? "", stored.Get(KnowledgeFields.Summary) ?? "");
        _snippets.Set(id, source);
        return source;
    }

    /// <summary>The weighted terms a query expands to, for diagnostics and tests.</summary>
    public IReadOnlyDictionary<string, float> ExplainTerms(string query)
    {
        var searcher = _searchers.Acquire();
        try { return _queries.Build(query, _vocabulary, searcher.IndexReader).Terms; }
        finally { _searchers.Release(searcher); }
    }

    /// <summary>The index terms of a text as the analyzer produces them (words, folded and stemmed).</summary>
    public IReadOnlySet<string> AnalyzeTerms(string text) =>
        _analyzer.Analyze(text).Select(t => t.Text).ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// One filter per distinct view, cached: <see cref="CachingWrapperFilter"/> keeps each segment's matching
    /// documents, so a search after a refresh computes the filter only for the new segments.
    /// </summary>
    private Filter ToLuceneFilter(KbSearchFilter filter)
    {
        var key = string.Join('|', string.Join(',', filter.Statuses), filter.IncludeStaffOnly, filter.Language, filter.Category);
        if (_filters.TryGetValue(key, out var cached)) return cached;
        var created = new BitSetCachingFilter(CreateLuceneFilter(filter));
        return _filters.Count < MaxCachedFilters ? _filters.GetOrAdd(key, created) : created;
    }

    /// <summary>
    /// Caches each segment's matches as a <see cref="FixedBitSet"/> rather than the default compressed set: a
    /// filter with random access lets <see cref="FilteredQuery"/> hand it to the query as accepted documents, so
    /// the disjunction of terms is scored by Lucene's bulk scorer (windows of documents, out of order) instead of
    /// leap-frogging the filter and a heap of term scorers one document at a time. One bit per document and view.
    /// </summary>
    private sealed class BitSetCachingFilter(Filter filter) : CachingWrapperFilter(filter)
    {
        protected override DocIdSet CacheImpl(DocIdSetIterator iterator, AtomicReader reader)
        {
            var bits = new FixedBitSet(reader.MaxDoc);
            bits.Or(iterator);
            return bits;
        }
    }

    /// <summary>Passes on the articles of the view only (the filter's cached bit set for each segment).</summary>
    private sealed class ViewCollector(ICollector inner, Filter view) : ICollector
    {
        private IBits? _visible;

        public bool AcceptsDocsOutOfOrder => inner.AcceptsDocsOutOfOrder;

        public void SetScorer(Scorer scorer) => inner.SetScorer(scorer);

        public void Collect(int doc)
        {
            if (_visible is { } visible && visible.Get(doc)) inner.Collect(doc);
        }

        public void SetNextReader(AtomicReaderContext context)
        {
            inner.SetNextReader(context);
            var set = view.GetDocIdSet(context, context.AtomicReader.LiveDocs);
            // BitSetCachingFilter always gives random access; null means no article of this segment is visible.
            _visible = set is null ? null : set.Bits ?? throw new InvalidOperationException("The view filter has no random access.");
        }
    }

    private static Filter CreateLuceneFilter(KbSearchFilter filter)
    {
        var must = new BooleanQuery();
        var statuses = new BooleanQuery();
        foreach (var status in filter.Statuses)
            statuses.Add(new TermQuery(new Term(KnowledgeFields.Status, KnowledgeFields.StatusTerm(status))), Occur.SHOULD);
        must.Add(statuses, Occur.MUST);
        if (!filter.IncludeStaffOnly)
            must.Add(new TermQuery(new Term(KnowledgeFields.Audience, KnowledgeFields.AudienceTerm(KbAudience.Public))), Occur.MUST);
        if (filter.Language is { } language)
            must.Add(new TermQuery(new Term(KnowledgeFields.Language, language)), Occur.MUST);
        if (filter.Category is { } category)
            must.Add(new TermQuery(new Term(KnowledgeFields.Category, category)), Occur.MUST);
        return new QueryWrapperFilter(must);
    }

    /// <summary>An index opened from disk already holds the articles: their words come from its terms.</summary>
    private void LoadVocabularyFromIndex()
    {
        var searcher = _searchers.Acquire();
        try
        {
            foreach (var field in KnowledgeFields.Searched)
            {
                var terms = MultiFields.GetTerms(searcher.IndexReader, field);
                if (terms is null) continue;
                var iterator = terms.GetEnumerator();
                while (iterator.MoveNext()) _vocabulary.Add(iterator.Term.Utf8ToString());
            }
        }
        finally
        {
            _searchers.Release(searcher);
        }
    }
}
