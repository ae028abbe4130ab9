using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Util;

namespace AskLibrary.Knowledge.Search;

/// <summary>
/// Finds the best articles for a weighted bag of terms with the same scores as the query of
/// <see cref="KnowledgeQueryBuilder"/> (per term: its weight × (best field's BM25 + tie-breaker × the other fields'),
/// summed over the terms) without scoring every posting. Term at a time, the terms with the highest possible
/// contribution first, with MaxScore pruning (Turtle and Flood, 1995): once the terms still to come could not lift
/// an article nobody has seen yet above the current k-th best score, their postings are no longer walked; they are
/// only advanced to the remaining candidates, and a candidate that can no longer reach the k-th best is dropped.
/// The top k is the same as scoring everything. What it saves is walking the long posting lists of common
/// characters, bigrams and words: they are common, so their IDF and their possible contribution are small.
/// </summary>
/// <remarks>
/// Requires the BM25 similarity without per-field IDF (<see cref="ArticleIdfSimilarity"/>): then one
/// <see cref="Similarity.SimWeight"/> per field serves every term. A term's bound in a field is its field scorer at
/// the term's peak (<see cref="PostingBounds"/>); over the fields, the best bound plus the tie-breaker × the others.
/// </remarks>
internal sealed class MaxScoreSearch
{
    // Scores are sums of floats in another order than the bounds: a small margin keeps the pruning exact.
    private const float BoundMargin = 1.0001f;
    private readonly float[] _boosts;
    private readonly float _tieBreaker;
    private readonly PostingBounds _bounds = new();

    public MaxScoreSearch(SearchTuning tuning)
    {
        _boosts = [tuning.TitleBoost, tuning.TagsBoost, tuning.SummaryBoost, tuning.BodyBoost];
        _tieBreaker = tuning.FieldTieBreaker;
    }

    /// <summary>The best <paramref name="top"/> visible articles, best first; equal scores in index order, as Lucene ranks them.</summary>
    public ScoreDoc[] Search(IndexSearcher searcher, IReadOnlyList<WeightedTerm> terms, Filter view, int top)
    {
        if (searcher.Similarity is not ArticleIdfSimilarity similarity)
            throw new InvalidOperationException("MaxScoreSearch needs the article-IDF BM25 similarity.");
        var fields = KnowledgeFields.Searched;
        var weights = new Similarity.SimWeight[fields.Length];
        var anyTerm = new TermStatistics(new BytesRef("-"), 1, 1); // the article-IDF similarity ignores term statistics
        for (int f = 0; f < fields.Length; f++)
        {
            weights[f] = similarity.ComputeWeight(_boosts[f], searcher.CollectionStatistics(fields[f]), anyTerm);
            weights[f].GetValueForNormalization();
            weights[f].Normalize(1f, 1f);
        }
        var bytes = terms.Select(t => new BytesRef(t.Text)).ToArray();
        var best = new TopArticles(top);
        foreach (var leaf in searcher.IndexReader.Leaves)
        {
            // BitSetCachingFilter caches a FixedBitSet per segment, without deletions; null: nothing visible here.
            if (view.GetDocIdSet(leaf, null) is not FixedBitSet visible) continue;
            var postings = OpenPostings(leaf, terms, bytes, similarity, weights);
            if (postings.Count > 0) new LeafSearch(leaf, visible, postings, _tieBreaker, best).Run();
        }
        return best.ToScoreDocs();
    }

    private List<TermPostings> OpenPostings(AtomicReaderContext leaf, IReadOnlyList<WeightedTerm> terms, BytesRef[] bytes,
        Similarity similarity, Similarity.SimWeight[] weights)
    {
        var reader = leaf.AtomicReader;
        var fields = KnowledgeFields.Searched;
        var enumerators = new TermsEnum?[fields.Length];
        var scorers = new Similarity.SimScorer?[fields.Length];
        var postings = new List<TermPostings>(terms.Count);
        for (int t = 0; t < terms.Count; t++)
        {
            var docs = new List<DocsEnum>(fields.Length);
            var docScorers = new List<Similarity.SimScorer>(fields.Length);
            float max = 0, sum = 0;
            for (int f = 0; f < fields.Length; f++)
            {
                if (terms[t].PerField[f]?.Get(leaf.Ord) is not { } state) continue;
                var enumerator = enumerators[f] ??= reader.GetTerms(fields[f])?.GetEnumerator();
                if (enumerator is null) continue;
                var scorer = scorers[f] ??= similarity.GetSimScorer(weights[f], leaf);
                var peak = _bounds.Of(reader, f, terms[t].Text, () => OpenDocs(enumerator, bytes[t], state, reader));
                if (peak.MaxFreq == 0) continue; // every article with the term in this field was deleted
                float fieldBound = scorer.Score(peak.ShortestDoc, peak.MaxFreq);
                docs.Add(OpenDocs(enumerator, bytes[t], state, reader));
                docScorers.Add(scorer);
                max = Math.Max(max, fieldBound);
                sum += fieldBound;
            }
            if (docs.Count == 0) continue;
            float bound = terms[t].Weight * (max + _tieBreaker * (sum - max)) * BoundMargin;
            postings.Add(new TermPostings(terms[t].Weight, bound, docs.ToArray(), docScorers.ToArray()));
        }
        return postings;
    }

    private static DocsEnum OpenDocs(TermsEnum enumerator, BytesRef term, TermState state, AtomicReader reader)
    {
        enumerator.SeekExact(term, state);
        return enumerator.Docs(reader.LiveDocs, null, DocsFlags.FREQS);
    }
}
