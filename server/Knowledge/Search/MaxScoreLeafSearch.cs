using System.Buffers;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Util;

namespace AskLibrary.Knowledge.Search;

/// <summary>
/// One term's postings in one segment: a posting list per field that has the term, with that field's BM25 scorer,
/// and the most the term can add to an article's score.
/// </summary>
internal sealed record TermPostings(float Weight, float Bound, DocsEnum[] Docs, Similarity.SimScorer[] Scorers);

/// <summary>
/// The MaxScore walk of <see cref="MaxScoreSearch"/> over one segment. Scores accumulate in an array indexed by
/// document; the candidates are the documents with a score so far.
/// </summary>
internal sealed class LeafSearch(AtomicReaderContext leaf, FixedBitSet visible, List<TermPostings> terms, float tieBreaker, TopArticles best)
{
    private float[] _scores = [];
    private int[] _candidates = [];
    private bool[] _found = [];
    private int _count;

    public void Run()
    {
        int maxDoc = leaf.AtomicReader.MaxDoc;
        _scores = ArrayPool<float>.Shared.Rent(maxDoc);
        _candidates = ArrayPool<int>.Shared.Rent(maxDoc);
        _found = ArrayPool<bool>.Shared.Rent(maxDoc);
        try
        {
            Array.Clear(_scores, 0, maxDoc);
            Array.Clear(_found, 0, maxDoc);
            _count = 0;
            Walk();
            for (int i = 0; i < _count; i++) best.Offer(leaf.DocBase + _candidates[i], _scores[_candidates[i]]);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(_scores);
            ArrayPool<int>.Shared.Return(_candidates);
            ArrayPool<bool>.Shared.Return(_found);
        }
    }

    private void Walk()
    {
        // Heaviest possible contribution first; remaining[i] is what terms i.. can add at most.
        terms.Sort((a, b) => b.Bound.CompareTo(a.Bound));
        var remaining = new float[terms.Count + 1];
        for (int i = terms.Count - 1; i >= 0; i--) remaining[i] = remaining[i + 1] + terms[i].Bound;

        // A term in nearly every article can get a negative weight while deleted versions still count in its document
        // frequency (the article IDF uses live articles for N): scores can then fall, and no partial score bounds the
        // final one, so such a query is scored in full.
        bool canPrune = terms.TrueForAll(term => term.Weight > 0);
        int t = 0;
        for (; t < terms.Count && canPrune; t++)
        {
            // An article no term so far has found could score at most remaining[t]: if that cannot beat the k-th
            // best, no new article can enter the top k, and the rest only needs scoring for the candidates.
            if (remaining[t] < Threshold()) break;
            Gather(terms[t]);
        }
        for (; !canPrune && t < terms.Count; t++) Gather(terms[t]);
        if (t == terms.Count) return;
        Prune(remaining[t]);
        // Gathering found the candidates term by term; advancing posting lists needs them in document order.
        Array.Sort(_candidates, 0, _count);
        for (; t < terms.Count && _count > 0; t++)
        {
            AddToCandidates(terms[t]);
            Prune(remaining[t + 1]);
        }
    }

    /// <summary>Walks every posting of the term: each visible article it finds becomes (or stays) a candidate.</summary>
    private void Gather(TermPostings term)
    {
        var docs = term.Docs;
        var current = new int[docs.Length];
        for (int i = 0; i < docs.Length; i++) current[i] = docs[i].NextDoc();
        while (true)
        {
            int doc = DocIdSetIterator.NO_MORE_DOCS;
            foreach (var d in current) doc = Math.Min(doc, d);
            if (doc == DocIdSetIterator.NO_MORE_DOCS) return;
            if (!visible.Get(doc))
            {
                for (int i = 0; i < docs.Length; i++)
                    if (current[i] == doc) current[i] = docs[i].NextDoc();
                continue;
            }
            float max = 0, sum = 0;
            for (int i = 0; i < docs.Length; i++)
            {
                if (current[i] != doc) continue;
                float s = term.Scorers[i].Score(doc, docs[i].Freq);
                sum += s;
                if (s > max) max = s;
                current[i] = docs[i].NextDoc();
            }
            if (!_found[doc]) (_found[doc], _candidates[_count++]) = (true, doc);
            _scores[doc] += term.Weight * (max + (sum - max) * tieBreaker);
        }
    }

    /// <summary>Scores the term for the candidates only, advancing its posting lists to them (in document order).</summary>
    private void AddToCandidates(TermPostings term)
    {
        var docs = term.Docs;
        var current = new int[docs.Length];
        Array.Fill(current, -1);
        for (int c = 0; c < _count; c++)
        {
            int doc = _candidates[c];
            float max = 0, sum = 0;
            for (int i = 0; i < docs.Length; i++)
            {
                if (current[i] < doc) current[i] = docs[i].Advance(doc);
                if (current[i] != doc) continue;
                float s = term.Scorers[i].Score(doc, docs[i].Freq);
                sum += s;
                if (s > max) max = s;
            }
            if (sum > 0) _scores[doc] += term.Weight * (max + (sum - max) * tieBreaker);
        }
    }

    /// <summary>Keeps the candidates that could still reach the k-th best with <paramref name="stillPossible"/> more, in their order.</summary>
    private void Prune(float stillPossible)
    {
        float threshold = Threshold();
        int kept = 0;
        for (int c = 0; c < _count; c++)
        {
            int doc = _candidates[c];
            if (_scores[doc] + stillPossible >= threshold) _candidates[kept++] = doc;
        }
        _count = kept;
    }

    /// <summary>
    /// A score the final k-th best is sure to reach: the k-th best so far of this segment (scores only grow) or of
    /// the segments already searched.
    /// </summary>
    private float Threshold()
    {
        float threshold = best.Threshold;
        if (_count < best.Size) return threshold;
        var scores = ArrayPool<float>.Shared.Rent(_count);
        try
        {
            for (int c = 0; c < _count; c++) scores[c] = _scores[_candidates[c]];
            return Math.Max(threshold, KthLargest(scores.AsSpan(0, _count), best.Size));
        }
        finally
        {
            ArrayPool<float>.Shared.Return(scores);
        }
    }

    /// <summary>The k-th largest value (1-based), by quickselect; reorders <paramref name="values"/>.</summary>
    internal static float KthLargest(Span<float> values, int k)
    {
        int target = k - 1, low = 0, high = values.Length - 1;
        while (low < high)
        {
            float pivot = values[(low + high) >>> 1];
            int i = low, j = high;
            while (i <= j)
            {
                while (values[i] > pivot) i++;
                while (values[j] < pivot) j--;
                if (i <= j) { (values[i], values[j]) = (values[j], values[i]); i++; j--; }
            }
            if (target <= j) high = j;
            else if (target >= i) low = i;
            else return values[target];
        }
        return values[target];
    }
}

/// <summary>
/// The best k documents over all segments; equal scores keep the lower document number, as Lucene's collector does.
/// </summary>
internal sealed class TopArticles(int size)
{
    // The root is the worst kept document: the lowest score, and of equal scores the highest document number.
    private readonly PriorityQueue<int, (float Score, int Doc)> _heap = new(size + 1, Comparer<(float Score, int Doc)>.Create(
        (a, b) => a.Score != b.Score ? a.Score.CompareTo(b.Score) : b.Doc.CompareTo(a.Doc)));

    public int Size => size;

    /// <summary>The score to beat once k documents are kept (negative infinity before).</summary>
    public float Threshold => _heap.Count < size ? float.NegativeInfinity : _heap.TryPeek(out _, out var worst) ? worst.Score : float.NegativeInfinity;

    public void Offer(int doc, float score)
    {
        if (_heap.Count < size) { _heap.Enqueue(doc, (score, doc)); return; }
        _heap.TryPeek(out _, out var worst);
        if (score < worst.Score || (score == worst.Score && doc > worst.Doc)) return;
        _heap.DequeueEnqueue(doc, (score, doc));
    }

    /// <summary>Best first.</summary>
    public ScoreDoc[] ToScoreDocs()
    {
        var result = new ScoreDoc[_heap.Count];
        for (int i = result.Length - 1; i >= 0; i--)
        {
            _heap.TryDequeue(out var doc, out var key);
            result[i] = new ScoreDoc(doc, key.Score);
        }
        return result;
    }
}
