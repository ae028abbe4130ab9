using AskLibrary.Knowledge.Articles;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using Lucene.Net.Util;

namespace AskLibrary.Bench.KbBench;

/// <summary>
/// The reference: plain Lucene.Net as a newcomer would set it up, in the shape of the baseline of
/// shared/eval/README.md. StandardAnalyzer (Han text as single characters), BM25, fields title, tags, summary and
/// body stored as given (body as Markdown), one SHOULD TermQuery per query term and field, title and tags boosted ×2,
/// top 10 fetched with their stored fields, 3 kept. No folding, synonyms, snippets, filter or re-ranking.
/// </summary>
internal sealed class ReferenceSuggestions : ISuggestionSystem
{
    private const LuceneVersion Version = LuceneVersion.LUCENE_48;
    private static readonly (string Field, float Boost)[] Fields = [("title", 2f), ("tags", 2f), ("summary", 1f), ("body", 1f)];
    private readonly StandardAnalyzer _analyzer = new(Version);
    private readonly BM25Similarity _similarity = new();
    private RAMDirectory? _directory;
    private DirectoryReader? _reader;
    private IndexSearcher? _searcher;

    public string Name => "Lucene StandardAnalyzer";

    public int Segments => _reader?.Leaves.Count ?? 0;

    public void Index(IReadOnlyList<KbArticleRecord> articles)
    {
        CloseIndex();
        _directory = new RAMDirectory();
        using (var writer = new IndexWriter(_directory, new IndexWriterConfig(Version, _analyzer) { Similarity = _similarity }))
        {
            foreach (var a in articles)
            {
                writer.AddDocument(
                [
                    new StringField("id", a.Id, Field.Store.YES),
                    new TextField("title", a.Title, Field.Store.YES),
                    new TextField("tags", string.Join(", ", a.Tags), Field.Store.YES),
                    new TextField("summary", a.Summary, Field.Store.YES),
                    new TextField("body", a.Body, Field.Store.YES),
                ]);
            }
            writer.Commit();
        }
        _reader = DirectoryReader.Open(_directory);
        _searcher = new IndexSearcher(_reader) { Similarity = _similarity };
    }

    public int Suggest(string query)
    {
        var searcher = _searcher ?? throw new InvalidOperationException("Index first.");
        var boolean = new BooleanQuery();
        foreach (var term in Terms(query))
            foreach (var (field, boost) in Fields)
                boolean.Add(new TermQuery(new Term(field, term)) { Boost = boost }, Occur.SHOULD);
        if (boolean.Clauses.Count == 0) return 0;
        var top = searcher.Search(boolean, 10);
        var titles = new List<string>(top.ScoreDocs.Length);
        foreach (var hit in top.ScoreDocs)
            titles.Add(searcher.Doc(hit.Doc).Get("title"));
        return Math.Min(3, titles.Count);
    }

    private HashSet<string> Terms(string text)
    {
        var terms = new HashSet<string>(StringComparer.Ordinal);
        using var stream = _analyzer.GetTokenStream("body", text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        stream.Reset();
        while (stream.IncrementToken()) terms.Add(term.ToString());
        stream.End();
        return terms;
    }

    private void CloseIndex()
    {
        _reader?.Dispose();
        _directory?.Dispose();
        (_reader, _directory, _searcher) = (null, null, null);
    }

    public void Dispose()
    {
        CloseIndex();
        _analyzer.Dispose();
    }
}
