using System.Text;

namespace AskLibrary.Knowledge.Search;

/// <summary>
/// Our own highlighter (Lucene.Net.Highlighter is not served here): given the places of the query's terms in
/// the plain text (found by <see cref="SnippetSources"/> from the analysis done at indexing), picks the window
/// holding the most distinct query terms, and returns it HTML-escaped with &lt;mark&gt; around the matches.
/// </summary>
internal static class SnippetBuilder
{
    /// <param name="matches">The matched terms in text order, longest first at one place.</param>
    public static string Build(string text, List<AnalyzedTerm> matches, int maxChars = 120)
    {
        if (text.Length == 0) return "";
        int start = BestWindowStart(text, matches, maxChars);
        int end = Math.Min(text.Length, start + maxChars);
        var html = new StringBuilder();
        if (start > 0) html.Append('…');
        int at = start;
        foreach (var (from, to) in MergedSpans(matches, start, end))
        {
            AppendEscaped(html, text.AsSpan(at, from - at));
            html.Append("<mark>");
            AppendEscaped(html, text.AsSpan(from, to - from));
            html.Append("</mark>");
            at = to;
        }
        AppendEscaped(html, text.AsSpan(at, end - at));
        if (end < text.Length) html.Append('…');
        return html.ToString();
    }

    /// <summary>Start of the window with the most distinct matched terms; backs up to a sentence start nearby.</summary>
    private static int BestWindowStart(string text, List<AnalyzedTerm> matches, int maxChars)
    {
        int bestStart = 0, bestCount = 0;
        foreach (var first in matches)
        {
            int count = matches.Where(m => m.Start >= first.Start && m.End <= first.Start + maxChars).Select(m => m.Text).Distinct().Count();
            if (count > bestCount) { bestCount = count; bestStart = first.Start; }
        }
        if (bestStart == 0) return 0;
        // A few characters of lead-in read better than a window that starts on the match itself.
        int lead = Math.Max(0, bestStart - 20);
        int sentence = text.LastIndexOfAny(['。', '！', '？', '\n', '.', '；'], bestStart - 1, bestStart - lead);
        return sentence >= 0 ? sentence + 1 : lead;
    }

    private static IEnumerable<(int From, int To)> MergedSpans(List<AnalyzedTerm> matches, int start, int end)
    {
        int from = -1, to = -1;
        foreach (var m in matches.Where(m => m.Start >= start && m.End <= end).OrderBy(m => m.Start))
        {
            if (m.Start <= to) { to = Math.Max(to, m.End); continue; }
            if (from >= 0) yield return (from, to);
            (from, to) = (m.Start, m.End);
        }
        if (from >= 0) yield return (from, to);
    }

    private static void AppendEscaped(StringBuilder html, ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            switch (c)
            {
                case '&': html.Append("&amp;"); break;
                case '<': html.Append("&lt;"); break;
                case '>': html.Append("&gt;"); break;
                case '"': html.Append("&quot;"); break;
                case '\'': html.Append("&#39;"); break;
                default: html.Append(c); break;
            }
        }
    }
}
