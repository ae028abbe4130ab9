using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using LuceneDirectory = Lucene.Net.Store.Directory;

namespace AskLibrary.Knowledge.Search;

/// <summary>
/// The knowledge-base search index: one <see cref="IndexWriter"/> and one <see cref="SearcherManager"/> for
/// the process. Writes return once a refreshed searcher shows them, so the next query sees a published
/// article; the refresh runs on a background thread, and searches only acquire the current searcher, so a
/// search never waits for a write. Upserts are idempotent (UpdateDocument on the id term).
/// </summary>
public sealed partial class KnowledgeIndex : IDisposable
{
    private readonly LuceneDirectory _directory;
    private readonly IndexWriter _writer;
    private readonly TrackingIndexWriter _tracking;
    private readonly SearcherManager _searchers;
    private readonly ControlledRealTimeReopenThread<IndexSearcher> _refresher;
    private readonly ChineseSearchAnalyzer _analyzer;
    private readonly KnowledgeQueryBuilder _queries;
    private readonly SnippetSources _snippets;
    private readonly SearchTuning _tuning;
    private readonly MaxScoreSearch? _maxScore;
    private volatile HomophoneVocabulary _vocabulary;

    internal KnowledgeIndex(LuceneDirectory directory, ChineseLexicon lexicon, SearchDataOptions data, SearchTuning tuning)
    {
        _directory = directory;
        _tuning = tuning;
        _analyzer = new ChineseSearchAnalyzer(lexicon, tuning.HanTokens);
        var synonyms = new SynonymFile(data.SynonymsPath, data.SynonymsCheckInterval, _analyzer.Planner, lexicon.Folding);
        _queries = new KnowledgeQueryBuilder(_analyzer, lexicon, synonyms, tuning);
        _snippets = new SnippetSources(_analyzer, lexicon.Folding);
        _maxScore = tuning is { MaxScorePruning: true, UseBm25: true, ArticleIdf: true } ? new MaxScoreSearch(tuning) : null;
        _vocabulary = new HomophoneVocabulary(lexicon.Pinyin);
        _writer = new IndexWriter(directory, new IndexWriterConfig(ChineseSearchAnalyzer.Version, _analyzer)
        {
            OpenMode = OpenMode.CREATE_OR_APPEND,
            Similarity = CreateSimilarity(tuning),
            // Every segment costs each query a term lookup per term and field and a pass of the search, so the index
            // is kept in few segments: the edits' one-article segments are merged four at a time (Lucene's default
            // is ten), and Rebuild ends with one segment. Articles change rarely; the extra merging is cheap.
            MergePolicy = new TieredMergePolicy { SegmentsPerTier = 4, MaxMergeAtOnce = 4 },
        });
        _tracking = new TrackingIndexWriter(_writer);
        _searchers = new SearcherManager(_writer, applyAllDeletes: true, new TunedSearcherFactory(tuning));
        // Refresh within 10 ms when a writer waits for its change, otherwise at least once a second.
        _refresher = new ControlledRealTimeReopenThread<IndexSearcher>(_tracking, _searchers, 1.0, 0.01)
        {
            Name = "knowledge-index-refresh",
            IsBackground = true,
        };
        _refresher.Start();
        LoadVocabularyFromIndex();
    }

    /// <summary>An index kept in <paramref name="path"/> (created if missing), memory-mapped.</summary>
    public static KnowledgeIndex Open(string path, SearchDataOptions data, SearchTuning? tuning = null) =>
        new(FSDirectory.Open(path), ChineseLexicon.LoadShared(data), data, tuning ?? SearchTuning.Default);

    /// <summary>An index in memory, for tests, tools and small deployments that rebuild at start.</summary>
    public static KnowledgeIndex CreateInMemory(SearchDataOptions data, SearchTuning? tuning = null) =>
        new(new RAMDirectory(), ChineseLexicon.LoadShared(data), data, tuning ?? SearchTuning.Default);

    public int Count
    {
        get
        {
            var searcher = _searchers.Acquire();
            try { return searcher.IndexReader.NumDocs; }
            finally { _searchers.Release(searcher); }
        }
    }

    /// <summary>Adds or replaces the article; visible to the next search when this returns.</summary>
    public void Upsert(KbArticle article)
    {
        var analyzed = AnalyzedArticle.Analyze(article, _analyzer);
        _snippets.Set(article.Id, SnippetSourceOf(analyzed));
        long generation = _tracking.UpdateDocument(new Term(KnowledgeFields.Id, article.Id), KnowledgeFields.ToDocument(analyzed));
        AddToVocabulary(analyzed, _vocabulary);
        _writer.Commit();
        _refresher.WaitForGeneration(generation);
    }

    /// <summary>Removes the article; gone from the next search when this returns.</summary>
    public void Delete(string id)
    {
        long generation = _tracking.DeleteDocuments(new Term(KnowledgeFields.Id, id));
        _writer.Commit();
        _refresher.WaitForGeneration(generation);
        _snippets.Remove(id);
    }

    /// <summary>Segments of the current searcher (see the merge policy in the constructor).</summary>
    public int SegmentCount
    {
        get
        {
            var searcher = _searchers.Acquire();
            try { return searcher.IndexReader.Leaves.Count; }
            finally { _searchers.Release(searcher); }
        }
    }

    /// <summary>
    /// Replaces the whole index with <paramref name="articles"/> in one commit, merged into one segment: the writer
    /// flushes a segment every 16 MB of analysed text, and at 10,000 articles the half-dozen segments that leaves
    /// made a suggestion's p99 three times as long (docs/search.md, "Speed").
    /// </summary>
    public void Rebuild(IEnumerable<KbArticle> articles)
    {
        _tracking.DeleteAll();
        var vocabulary = new HomophoneVocabulary(_vocabulary.Pinyin);
        var snippets = _snippets.NewSet();
        long generation = 0;
        foreach (var article in articles)
        {
            var analyzed = AnalyzedArticle.Analyze(article, _analyzer);
            generation = _tracking.AddDocument(KnowledgeFields.ToDocument(analyzed));
            AddToVocabulary(analyzed, vocabulary);
            snippets[article.Id] = SnippetSourceOf(analyzed);
        }
        _vocabulary = vocabulary;
        _snippets.Replace(snippets);
        _writer.ForceMerge(1);
        _writer.Commit();
        _refresher.WaitForGeneration(Math.Max(generation, _tracking.Generation));
    }

    private SnippetSource SnippetSourceOf(AnalyzedArticle analyzed) =>
        _snippets.Create(analyzed.Body.Text, analyzed.Body.Terms, analyzed.Summary.Text, analyzed.Summary.Terms);

    private static void AddToVocabulary(AnalyzedArticle analyzed, HomophoneVocabulary vocabulary)
    {
        foreach (var field in analyzed.Fields)
            foreach (var term in field.Terms) vocabulary.Add(term.Text);
    }

    private static Similarity CreateSimilarity(SearchTuning tuning) =>
        tuning switch
        {
            { UseBm25: false } => new DefaultSimilarity(),
            { ArticleIdf: true } => new ArticleIdfSimilarity(),
            _ => new BM25Similarity(),
        };

    private sealed class TunedSearcherFactory(SearchTuning tuning) : SearcherFactory
    {
        public override IndexSearcher NewSearcher(IndexReader reader) =>
            new(reader) { Similarity = CreateSimilarity(tuning) };
    }

    public void Dispose()
    {
        _refresher.Dispose();
        _searchers.Dispose();
        _writer.Dispose();
        _analyzer.Dispose();
        _directory.Dispose();
    }
}
