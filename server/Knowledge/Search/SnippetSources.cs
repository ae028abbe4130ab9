using System.Collections.Concurrent;

namespace AskLibrary.Knowledge.Search;

/// <summary>
/// Each indexed article's body and summary as plain text, with the places of the terms a snippet can mark,
/// kept from the one analysis done at indexing: a suggestion arrives on every keystroke, and re-segmenting
/// the candidates' bodies used to cost more than the search itself. Terms are stored as small integers so
/// the garbage collector has no references to trace (about 12 bytes a term; 100,000 articles fit in a few
/// hundred megabytes).
/// Han terms of one or two characters are not stored: with character and bigram tokens on, every occurrence
/// of such a string in the folded text is a token, so the snippet finds them by scanning instead.
/// </summary>
internal sealed class SnippetSources(ChineseSearchAnalyzer analyzer, CharacterFolding folding)
{
    private readonly ConcurrentDictionary<string, int> _termIds = new(StringComparer.Ordinal);
    private readonly Lock _newTermLock = new();
    private volatile ConcurrentDictionary<string, SnippetSource> _byArticle = new(StringComparer.Ordinal);

    private bool ScanSingleCharacters => analyzer.Planner.Han.HasFlag(HanTokens.Characters);
    private bool ScanBigrams => analyzer.Planner.Han.HasFlag(HanTokens.Bigrams);

    public SnippetSource Create(string body, List<AnalyzedTerm> bodyTerms, string summary, List<AnalyzedTerm> summaryTerms) =>
        new(body, Places(bodyTerms), summary, Places(summaryTerms));

    /// <summary>For an index opened from disk, whose articles were analysed by an earlier process.</summary>
    public SnippetSource Analyze(string body, string summary) =>
        Create(body, analyzer.Analyze(body), summary, analyzer.Analyze(summary));

    public SnippetSource? Find(string id) => _byArticle.GetValueOrDefault(id);

    public void Set(string id, SnippetSource source) => _byArticle[id] = source;

    public void Remove(string id) => _byArticle.TryRemove(id, out _);

    /// <summary>Starts an empty set for a rebuild; <see cref="Replace"/> publishes it when the index is.</summary>
    public ConcurrentDictionary<string, SnippetSource> NewSet() => new(StringComparer.Ordinal);

    public void Replace(ConcurrentDictionary<string, SnippetSource> sources) => _byArticle = sources;

    /// <summary>The marked places of <paramref name="terms"/> in the body, or in the summary when the body has none.</summary>
    public (string Text, List<AnalyzedTerm> Matches) Matches(SnippetSource source, IReadOnlySet<string> terms)
    {
        var ids = new Dictionary<int, string>();
        var scanned = new List<string>();
        foreach (var term in terms)
        {
            if (IsScanned(term)) scanned.Add(term);
            else if (_termIds.TryGetValue(term, out var id)) ids[id] = term;
        }
        var body = MatchesIn(source.Body, source.BodyPlaces, ids, scanned);
        if (body.Count > 0 || source.Summary.Length == 0) return (source.Body, body);
        return (source.Summary, MatchesIn(source.Summary, source.SummaryPlaces, ids, scanned));
    }

    private List<AnalyzedTerm> MatchesIn(string text, TermPlace[] places, Dictionary<int, string> ids, List<string> scanned)
    {
        var matches = new List<AnalyzedTerm>();
        foreach (var place in places)
            if (ids.TryGetValue(place.Term, out var term)) matches.Add(new AnalyzedTerm(term, "", place.Start, place.End));
        if (scanned.Count > 0)
        {
            var folded = folding.Fold(text);
            foreach (var term in scanned)
                for (int at = folded.IndexOf(term, StringComparison.Ordinal); at >= 0; at = folded.IndexOf(term, at + 1, StringComparison.Ordinal))
                    matches.Add(new AnalyzedTerm(term, "", at, at + term.Length));
        }
        // In text order, longest first at one place, as the analyzer emits them: the window choice depends on it.
        matches.Sort(static (a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : b.End.CompareTo(a.End));
        return matches;
    }

    private bool IsScanned(string term) =>
        HanScript.IsAllHan(term) && (term.Length == 1 && ScanSingleCharacters || term.Length == 2 && ScanBigrams);

    private TermPlace[] Places(List<AnalyzedTerm> terms)
    {
        var places = new List<TermPlace>(terms.Count / 2);
        foreach (var t in terms)
            if (!IsScanned(t.Text)) places.Add(new TermPlace(IdOf(t.Text), t.Start, t.End));
        return [.. places];
    }

    private int IdOf(string term)
    {
        if (_termIds.TryGetValue(term, out var id)) return id;
        lock (_newTermLock) return _termIds.GetOrAdd(term, _termIds.Count);
    }
}

/// <summary>An article's snippet texts and the places of their terms (see <see cref="SnippetSources"/>).</summary>
internal sealed record SnippetSource(string Body, TermPlace[] BodyPlaces, string Summary, TermPlace[] SummaryPlaces);

internal readonly record struct TermPlace(int Term, int Start, int End);
