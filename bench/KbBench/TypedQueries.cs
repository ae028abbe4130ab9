using AskLibrary.Knowledge.Search;

namespace AskLibrary.Bench.KbBench;

/// <summary>
/// What the suggestion endpoint receives while patrons type: each development query whole, and the prefixes
/// the widget sends on the way (it debounces, so not every keystroke: about a quarter, a half and three
/// quarters of the text, cut at a character for Chinese and at a word end for Latin text).
/// </summary>
internal static class TypedQueries
{
    public static List<string> From(IEnumerable<EvaluationQuery> queries, int seed = 7)
    {
        var texts = new List<string>();
        foreach (var query in queries)
        {
            var q = query.Query.Trim();
            foreach (var fraction in new[] { 0.25, 0.5, 0.75 })
                if (Prefix(q, fraction) is { Length: >= 2 } prefix && !texts.Contains(prefix)) texts.Add(prefix);
            texts.Add(q);
        }
        var random = new Random(seed);
        return texts.OrderBy(_ => random.Next()).ToList();
    }

    private static string? Prefix(string text, double fraction)
    {
        int length = (int)Math.Ceiling(text.Length * fraction);
        if (length >= text.Length) return null;
        // A Latin word is sent once typed to its end (debounce fires at the pause after it), not mid-word.
        if (char.IsAsciiLetterOrDigit(text[length - 1]))
        {
            int space = text.IndexOf(' ', length);
            length = space < 0 ? text.Length : space;
        }
        return length >= text.Length ? null : text[..length].TrimEnd();
    }
}
