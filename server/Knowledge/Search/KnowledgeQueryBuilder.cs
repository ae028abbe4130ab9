using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace AskLibrary.Knowledge.Search;

/// <summary>
/// A query ready to run: its weighted terms with their postings per searched field, and the terms a snippet
/// should highlight. <see cref="Query"/> is the same query as Lucene clauses, built on first use.
/// </summary>
internal sealed class BuiltQuery(IReadOnlyList<WeightedTerm> weighted, IReadOnlySet<string> highlightTerms,
    IReadOnlyDictionary<string, float> terms, Func<Query> toLucene)
{
    private Query? _query;

    public IReadOnlyList<WeightedTerm> Weighted => weighted;
    public IReadOnlySet<string> HighlightTerms => highlightTerms;
    public IReadOnlyDictionary<string, float> Terms => terms;
    public Query Query => _query ??= toLucene();
}

/// <summary>A query term, its weight (kind × expansion × article IDF) and its postings in each searched field (null where absent).</summary>
internal sealed record WeightedTerm(string Text, float Weight, TermContext?[] PerField);

/// <summary>
/// Turns a patron's free text into a weighted bag of terms, then into Lucene clauses. Each term becomes
/// a best-field match over title, tags, summary and body (a DisjunctionMax with a tie-breaker), so an
/// article is not rewarded merely for repeating a word in every field. Terms are weighted by how they were
/// found: typed whole words above sub-words above single characters; synonyms and homophone corrections
/// below what was typed.
/// </summary>
internal sealed class KnowledgeQueryBuilder(ChineseSearchAnalyzer analyzer, ChineseLexicon lexicon, SynonymFile synonyms, SearchTuning tuning)
{
    public BuiltQuery Build(string text, HomophoneVocabulary vocabulary, IndexReader reader)
    {
        var terms = new Dictionary<string, float>(StringComparer.Ordinal);
        var highlight = new HashSet<string>(StringComparer.Ordinal);
        var typed = analyzer.Analyze(text);
        AddTerms(typed, 1f, terms, highlight);

        var folded = lexicon.Folding.Fold(text).ToLowerInvariant();
        if (tuning.ExpandSynonyms)
        {
            var words = SynonymSet.LatinWords(folded, analyzer.Planner);
            foreach (var expansion in synonyms.Current.ExpansionsFor(folded, words))
                AddTerms(analyzer.Analyze(expansion), tuning.SynonymWeight, terms, highlight);
        }
        if (tuning.ExpandHomophones)
        {
            var corrections = vocabulary.CorrectionsFor(folded);
            DemoteMistypedCharacters(typed, corrections, terms);
            foreach (var word in corrections.Select(c => c.Word).Distinct())
                AddTerms(analyzer.Analyze(word), tuning.HomophoneWeight, terms, highlight);
        }
        var states = LookUp(terms, reader);
        if (tuning.ArticleIdf) ApplyArticleIdf(terms, states, reader);
        KeepWeightiest(terms);
        var weighted = new List<WeightedTerm>(terms.Count);
        foreach (var (term, weight) in terms) weighted.Add(new WeightedTerm(term, weight, states[term]));
        return new BuiltQuery(weighted, highlight, terms, () => ToLuceneQuery(terms, states));
    }

    private void AddTerms(List<AnalyzedTerm> analyzed, float scale, Dictionary<string, float> terms, HashSet<string> highlight)
    {
        foreach (var term in analyzed)
        {
            float weight = scale * WeightOf(term.Type);
            if (weight <= 0) continue;
            if (!terms.TryGetValue(term.Text, out var existing) || existing < weight) terms[term.Text] = weight;
            // Single characters of longer words would light up half the snippet; words and Latin terms suffice.
            if (term.Type != TokenTypes.Character && term.Type != TokenTypes.Bigram) highlight.Add(term.Text);
        }
    }

    /// <summary>
    /// A single character inside a stretch that sounds like an article word is probably the wrong pick of the
    /// input method (茶 in 论文茶重 for 查重). Rare characters have a high IDF, so left alone the typo would
    /// outweigh its own correction and pull in whatever article happens to contain it.
    /// </summary>
    private void DemoteMistypedCharacters(List<AnalyzedTerm> typed, List<HomophoneCorrection> corrections, Dictionary<string, float> terms)
    {
        foreach (var term in typed)
        {
            if (term.End - term.Start != 1 || !HanScript.IsHan(term.Text[0])) continue;
            bool mistyped = corrections.Any(c => term.Start >= c.Start && term.End <= c.Start + c.Length
                && !c.Word.Contains(term.Text, StringComparison.Ordinal));
            if (mistyped && terms.ContainsKey(term.Text)) terms[term.Text] *= tuning.MistypedCharacterFactor;
        }
    }

    /// <summary>
    /// Scales each weight by an IDF over articles; the document frequency is the largest over the fields,
    /// a close lower bound of "articles that mention it anywhere" without a catch-all field. Terms no article
    /// has are dropped: they cannot match and would only cost a clause.
    /// </summary>
    private static void ApplyArticleIdf(Dictionary<string, float> terms, Dictionary<string, TermContext?[]> states, IndexReader reader)
    {
        int articles = Math.Max(reader.NumDocs, 1);
        foreach (var (text, perField) in states)
        {
            int df = 0;
            foreach (var state in perField) df = Math.Max(df, state?.DocFreq ?? 0);
            if (df == 0) { terms.Remove(text); continue; }
            terms[text] *= (float)Math.Log(1 + (articles - df + 0.5) / (df + 0.5));
        }
    }

    /// <summary>
    /// Drops the terms that can barely change the ranking but cost the most: a character or bigram found in
    /// a large share of the articles has a tiny IDF and a long posting list in every field. Terms under
    /// <see cref="SearchTuning.MinTermWeightRatio"/> of the query's best term go, and a long question keeps
    /// its <see cref="SearchTuning.MaxQueryTerms"/> weightiest terms, which bounds the cost per keystroke.
    /// </summary>
    private void KeepWeightiest(Dictionary<string, float> terms)
    {
        if (terms.Count == 0) return;
        float best = terms.Values.Max();
        foreach (var (text, weight) in terms)
            if (weight < best * tuning.MinTermWeightRatio) terms.Remove(text);
        if (terms.Count <= tuning.MaxQueryTerms) return;
        foreach (var (text, _) in terms.OrderBy(t => t.Value).ThenBy(t => t.Key, StringComparer.Ordinal).Take(terms.Count - tuning.MaxQueryTerms).ToList())
            terms.Remove(text);
    }

    /// <summary>
    /// Each term's postings in each searched field (null where the field lacks it), looked up once: the IDF
    /// needs the document frequencies, and the term queries reuse the lookups instead of seeking every segment again.
    /// One terms enumerator per segment and field seeks all the terms in order (TermContext.Build would open one per term).
    /// </summary>
    private static Dictionary<string, TermContext?[]> LookUp(Dictionary<string, float> terms, IndexReader reader)
    {
        var fields = KnowledgeFields.Searched;
        var texts = terms.Keys.Order(StringComparer.Ordinal).ToArray();
        var bytes = Array.ConvertAll(texts, t => new BytesRef(t));
        var found = new TermContext?[texts.Length][];
        for (int i = 0; i < texts.Length; i++) found[i] = new TermContext?[fields.Length];
        foreach (var leaf in reader.Leaves)
        {
            for (int f = 0; f < fields.Length; f++)
            {
                var enumerator = leaf.AtomicReader.GetTerms(fields[f])?.GetEnumerator();
                if (enumerator is null) continue;
                for (int i = 0; i < texts.Length; i++)
                {
                    if (!enumerator.SeekExact(bytes[i])) continue;
                    (found[i][f] ??= new TermContext(reader.Context))
                        .Register(enumerator.GetTermState(), leaf.Ord, enumerator.DocFreq, enumerator.TotalTermFreq);
                }
            }
        }
        var states = new Dictionary<string, TermContext?[]>(texts.Length, StringComparer.Ordinal);
        for (int i = 0; i < texts.Length; i++) states[texts[i]] = found[i];
        return states;
    }

    private float WeightOf(string type) => type switch
    {
        TokenTypes.Word => tuning.WordWeight,
        TokenTypes.SubWord => tuning.SubWordWeight,
        TokenTypes.Character => tuning.CharacterWeight,
        TokenTypes.Bigram => tuning.BigramWeight,
        _ => tuning.LatinWeight,
    };

    /// <summary>
    /// Fields without the term are left out of its disjunction: they could not match, and BM25 has no query
    /// norm for them to change, so the scores are the same with fewer clauses.
    /// </summary>
    private Query ToLuceneQuery(Dictionary<string, float> terms, Dictionary<string, TermContext?[]> states)
    {
        var query = new BooleanQuery(disableCoord: true);
        var fields = KnowledgeFields.Searched;
        float[] boosts = [tuning.TitleBoost, tuning.TagsBoost, tuning.SummaryBoost, tuning.BodyBoost];
        foreach (var (text, weight) in terms)
        {
            var perField = new DisjunctionMaxQuery(tuning.FieldTieBreaker) { Boost = weight };
            var found = states[text];
            for (int f = 0; f < fields.Length; f++)
                if (found[f] is { } state) perField.Add(new TermQuery(new Term(fields[f], text), state) { Boost = boosts[f] });
            if (perField.Disjuncts.Count > 0) query.Add(perField, Occur.SHOULD);
        }
        return query;
    }
}
