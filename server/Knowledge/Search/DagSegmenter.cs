namespace AskLibrary.Knowledge.Search;

/// <summary>
/// Maximum-probability segmentation of a run of Han characters (jieba's algorithm without its HMM):
/// every dictionary word starting at each position is an edge of a DAG, and dynamic programming from the
/// end picks the path whose product of word probabilities is largest. Unknown characters stand alone;
/// the analyzer's character unigrams cover whatever the dictionary gets wrong.
/// </summary>
internal sealed class DagSegmenter(WordFrequencyDictionary dictionary)
{
    // Idioms and long proper names rarely exceed this; capping the window bounds the cost per character.
    private const int MaxWordLength = 8;

    /// <summary>Returns the lengths of the words, in order, whose concatenation is <paramref name="run"/>.</summary>
    public List<int> Segment(ReadOnlySpan<char> run)
    {
        int n = run.Length;
        var best = new double[n + 1];
        var bestLength = new int[n + 1];
        int window = Math.Min(MaxWordLength, dictionary.MaxWordLength);
        for (int i = n - 1; i >= 0; i--)
        {
            best[i] = double.NegativeInfinity;
            for (int len = 1; len <= Math.Min(window, n - i); len++)
            {
                long freq = dictionary.FrequencyOf(run.Slice(i, len));
                if (freq == 0 && len > 1) continue;
                double score = Math.Log(Math.Max(freq, 1)) - dictionary.LogTotal + best[i + len];
                // ">=" prefers the longer word on a tie, as jieba does.
                if (score >= best[i]) { best[i] = score; bestLength[i] = len; }
            }
        }
        var lengths = new List<int>();
        for (int i = 0; i < n; i += bestLength[i]) lengths.Add(bestLength[i]);
        return lengths;
    }
}
