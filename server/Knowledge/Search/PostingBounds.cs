using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Lucene.Net.Index;
using Lucene.Net.Search;

namespace AskLibrary.Knowledge.Search;

/// <summary>
/// For each segment, field and term: the largest frequency of the term in one article and the article with the
/// shortest field among those that have it. BM25 grows with the frequency and shrinks with the field's length, so
/// the field's scorer applied to that frequency and that article bounds the term's score in the field from above,
/// whatever the average length later becomes; a much tighter bound than BM25's saturation (k1 + 1), so
/// <see cref="MaxScoreSearch"/> can skip more. Lucene 8 keeps such "impacts" in the index; Lucene 4.8 does not, so
/// they are found on a term's first search in a segment, by walking its postings once, and kept while the segment
/// lives (segments never change; deletions only lower the true maximum).
/// </summary>
internal sealed class PostingBounds
{
    /// <summary>Entries kept per segment; beyond, bounds are computed for the query and forgotten.</summary>
    internal const int MaxTermsPerSegment = 200_000;

    private readonly ConditionalWeakTable<object, ConcurrentDictionary<(int Field, string Term), TermPeak>> _segments = new();

    /// <summary>The peak of <paramref name="term"/> in field number <paramref name="field"/> of the segment, computed on first use.</summary>
    public TermPeak Of(AtomicReader reader, int field, string term, Func<DocsEnum> openPostings)
    {
        var peaks = _segments.GetValue(reader.CoreCacheKey, _ => new ConcurrentDictionary<(int, string), TermPeak>());
        if (peaks.TryGetValue((field, term), out var peak)) return peak;
        peak = Walk(openPostings(), reader.GetNormValues(KnowledgeFields.Searched[field]));
        if (peaks.Count < MaxTermsPerSegment) peaks.TryAdd((field, term), peak);
        return peak;
    }

    private static TermPeak Walk(DocsEnum postings, NumericDocValues? norms)
    {
        int maxFreq = 0, shortest = -1, shortestNorm = -1;
        for (int doc = postings.NextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = postings.NextDoc())
        {
            maxFreq = Math.Max(maxFreq, postings.Freq);
            // BM25's one-byte norm encodes 1/√length: the larger byte (unsigned), the shorter the field.
            int norm = norms is null ? 0 : (int)(norms.Get(doc) & 0xFF);
            if (norm > shortestNorm) (shortestNorm, shortest) = (norm, doc);
        }
        return new TermPeak(maxFreq, shortest);
    }
}

/// <summary>The largest frequency of a term in a field, and the article whose field (among those with the term) is shortest; -1 if none.</summary>
internal readonly record struct TermPeak(int MaxFreq, int ShortestDoc);
