using Lucene.Net.Index;
using Lucene.Net.Search;

namespace AskLibrary.Knowledge.Search;

/// <summary>A query ready to run, with the terms a snippet should highlight.</summary>
internal sealed record BuiltQuery(Query Query, IReadOnlySet<string> HighlightTerms, IReadOnlyDictionary<string, float> Terms);

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
        if (tuning.ArticleIdf) ApplyArticleIdf(terms, reader);
        return new BuiltQuery(ToLuceneQuery(terms), highlight, terms);
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
    private static void ApplyArticleIdf(Dictionary<string, float> terms, IndexReader reader)
    {
        int articles = Math.Max(reader.NumDocs, 1);
        foreach (var text in terms.Keys.ToList())
        {
            int df = KnowledgeFields.Searched.Max(field => reader.DocFreq(new Term(field, text)));
            if (df == 0) { terms.Remove(text); continue; }
            terms[text] *= (float)Math.Log(1 + (articles - df + 0.5) / (df + 0.5));
        }
    }

    private float WeightOf(string type) => type switch
    {
        TokenTypes.Word => tuning.WordWeight,
        TokenTypes.SubWord => tuning.SubWordWeight,
        TokenTypes.Character => tuning.CharacterWeight,
        TokenTypes.Bigram => tuning.BigramWeight,
        _ => tuning.LatinWeight,
    };

    private Query ToLuceneQuery(Dictionary<string, float> terms)
    {
        var query = new BooleanQuery(disableCoord: true);
        foreach (var (text, weight) in terms)
        {
            var perField = new DisjunctionMaxQuery(tuning.FieldTieBreaker) { Boost = weight };
            perField.Add(FieldTerm(KnowledgeFields.Title, text, tuning.TitleBoost));
            perField.Add(FieldTerm(KnowledgeFields.Tags, text, tuning.TagsBoost));
            perField.Add(FieldTerm(KnowledgeFields.Summary, text, tuning.SummaryBoost));
            perField.Add(FieldTerm(KnowledgeFields.Body, text, tuning.BodyBoost));
            query.Add(perField, Occur.SHOULD);
        }
        return query;
    }

    private static TermQuery FieldTerm(string field, string text, float boost) =>
        new(new Term(field, text)) { Boost = boost };
}
