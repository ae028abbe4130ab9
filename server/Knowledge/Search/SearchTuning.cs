namespace AskLibrary.Knowledge.Search;

/// <summary>
/// The knobs of ranking, with the defaults measured best on the development set (docs/search.md). Exposed so
/// that bench/KbEval can measure the alternatives with the product's own code rather than a copy of it.
/// </summary>
public sealed record SearchTuning
{
    public HanTokens HanTokens { get; init; } = HanTokens.Words | HanTokens.SubWords | HanTokens.Characters | HanTokens.Bigrams;

    // Weight of a query term by how it was found: a whole dictionary word says most about the topic.
    public float WordWeight { get; init; } = 1.0f;
    public float SubWordWeight { get; init; } = 0.6f;
    public float CharacterWeight { get; init; } = 0.3f;
    public float BigramWeight { get; init; } = 0.5f;
    public float LatinWeight { get; init; } = 1.0f;

    // Expansions are evidence, not what the patron typed: weighted below the typed words.
    public bool ExpandSynonyms { get; init; } = true;
    public float SynonymWeight { get; init; } = 0.8f;
    public bool ExpandHomophones { get; init; } = true;
    public float HomophoneWeight { get; init; } = 0.7f;

    /// <summary>Weight kept by a character that a homophone correction replaces (茶 in 论文茶重).</summary>
    public float MistypedCharacterFactor { get; init; } = 0.3f;

    public float TitleBoost { get; init; } = 3.0f;
    public float TagsBoost { get; init; } = 2.5f;
    public float SummaryBoost { get; init; } = 1.5f;
    public float BodyBoost { get; init; } = 1.0f;

    /// <summary>Share of the non-best fields' scores a term adds (0 = best field only, 1 = sum of fields).</summary>
    public float FieldTieBreaker { get; init; } = 0.3f;

    public bool UseBm25 { get; init; } = true;

    /// <summary>Terms weighing less than this share of the query's weightiest term are dropped (0 keeps all).</summary>
    public float MinTermWeightRatio { get; init; } = 0f;

    /// <summary>At most this many terms per query, the weightiest: bounds the cost of a long question.</summary>
    public int MaxQueryTerms { get; init; } = 24;

    /// <summary>One IDF per term over whole articles instead of per field (see <see cref="ArticleIdfSimilarity"/>).</summary>
    public bool ArticleIdf { get; init; } = true;

    /// <summary>
    /// Finds the top articles by MaxScore pruning (<see cref="MaxScoreSearch"/>: same ranking, fewer postings walked)
    /// instead of a Lucene BooleanQuery of DisjunctionMax clauses. Applies with BM25 and article IDF only.
    /// </summary>
    public bool MaxScorePruning { get; init; } = true;

    public static SearchTuning Default { get; } = new();
}
