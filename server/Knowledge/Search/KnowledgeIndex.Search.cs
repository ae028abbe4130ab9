using AskLibrary.Knowledge.Markdown;
using Lucene.Net.Index;
using Lucene.Net.Search;

namespace AskLibrary.Knowledge.Search;

public sealed partial class KnowledgeIndex
{
    /// <summary>
    /// The best <paramref name="top"/> articles for free text, best first, restricted by
    /// <paramref name="filter"/> (by default what a patron may see).
    /// </summary>
    public IReadOnlyList<KbSearchHit> Search(string query, int top = 5, KbSearchFilter? filter = null)
    {
        if (string.IsNullOrWhiteSpace(query) || top <= 0) return [];
        var searcher = _searchers.Acquire();
        try
        {
            var built = _queries.Build(query, _vocabulary, searcher.IndexReader);
            if (built.Terms.Count == 0) return [];
            var found = searcher.Search(built.Query, ToLuceneFilter(filter ?? KbSearchFilter.PatronView), top);
            var hits = new List<KbSearchHit>(found.ScoreDocs.Length);
            foreach (var scoreDoc in found.ScoreDocs)
            {
                var doc = searcher.Doc(scoreDoc.Doc);
                var snippetSource = doc.Get(KnowledgeFields.Summary) is { Length: > 0 } summary && !ContainsAny(doc.Get(KnowledgeFields.Body), built.HighlightTerms)
                    ? summary
                    : doc.Get(KnowledgeFields.Body);
                hits.Add(new KbSearchHit(
                    doc.Get(KnowledgeFields.Id),
                    doc.Get(KnowledgeFields.Title),
                    scoreDoc.Score,
                    _snippets.Build(snippetSource ?? "", built.HighlightTerms)));
            }
            return hits;
        }
        finally
        {
            _searchers.Release(searcher);
        }
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

    private bool ContainsAny(string? text, IReadOnlySet<string> terms) =>
        text is not null && _analyzer.Analyze(text).Any(t => terms.Contains(t.Text));

    private static Filter ToLuceneFilter(KbSearchFilter filter)
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

    private void AddToVocabulary(KbArticle article, HomophoneVocabulary? into = null)
    {
        var vocabulary = into ?? _vocabulary;
        var text = string.Join('\n', article.Title, string.Join('\n', article.Tags), article.Summary, KbMarkdown.ToPlainText(article.BodyMarkdown));
        foreach (var term in _analyzer.Analyze(text)) vocabulary.Add(term.Text);
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
