namespace AskLibrary.Knowledge.Search;

/// <summary>A token found in folded text: where it is and what kind it is (<see cref="TokenTypes"/>).</summary>
internal readonly record struct PlannedToken(int Start, int Length, string Type);

/// <summary>
/// Decides the tokens of already-folded text, apart from Lucene so the highlighter and the query builder use
/// exactly the same cuts. Han runs are segmented by dictionary; in search mode the dictionary words inside a
/// longer word are emitted too (图书 and 书馆 inside 图书馆), so a query for the part finds the whole and the
/// reverse. Character unigrams and bigrams are optional recall aids, measured in docs/search.md.
/// </summary>
internal sealed class TextTokenPlanner(ChineseLexicon lexicon, HanTokens han)
{
    public HanTokens Han => han;

    /// <summary>Tokens ordered by start, longest first at one start; one token per (start, length).</summary>
    public List<PlannedToken> Plan(ReadOnlySpan<char> folded)
    {
        var tokens = new List<PlannedToken>();
        int i = 0;
        while (i < folded.Length)
        {
            if (HanScript.IsHan(folded[i]))
            {
                int end = i;
                while (end < folded.Length && HanScript.IsHan(folded[end])) end++;
                PlanHanRun(folded[i..end], i, tokens);
                i = end;
            }
            else if (IsWordChar(folded[i]))
            {
                i = PlanLatinRun(folded, i, tokens);
            }
            else i++;
        }
        return tokens;
    }

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) && !HanScript.IsHan(c);

    private void PlanHanRun(ReadOnlySpan<char> run, int offset, List<PlannedToken> tokens)
    {
        var runTokens = new List<PlannedToken>();
        int at = 0;
        foreach (var length in lexicon.Segmenter.Segment(run))
        {
            if (han.HasFlag(HanTokens.Words)) runTokens.Add(new(offset + at, length, TokenTypes.Word));
            if (han.HasFlag(HanTokens.SubWords) && length >= 3) AddSubWords(run.Slice(at, length), offset + at, runTokens);
            if (han.HasFlag(HanTokens.Characters) && length >= 2)
                for (int c = 0; c < length; c++) runTokens.Add(new(offset + at + c, 1, TokenTypes.Character));
            at += length;
        }
        if (han.HasFlag(HanTokens.Bigrams))
            for (int b = 0; b + 1 < run.Length; b++) runTokens.Add(new(offset + b, 2, TokenTypes.Bigram));

        // Stable sort keeps the segmenter's own word first when a bigram or sub-word covers the same span.
        var ordered = runTokens.OrderBy(t => t.Start).ThenByDescending(t => t.Length).ToList();
        for (int k = 0; k < ordered.Count; k++)
        {
            if (k > 0 && ordered[k].Start == ordered[k - 1].Start && ordered[k].Length == ordered[k - 1].Length) continue;
            tokens.Add(ordered[k]);
        }
    }

    private void AddSubWords(ReadOnlySpan<char> word, int offset, List<PlannedToken> tokens)
    {
        for (int start = 0; start < word.Length; start++)
            for (int length = 2; length < word.Length && start + length <= word.Length; length++)
                if (lexicon.Words.Contains(word.Slice(start, length)))
                    tokens.Add(new(offset + start, length, TokenTypes.SubWord));
    }

    /// <summary>
    /// Letters and digits of any non-Han script. "Wi-Fi" and "e-book" also yield the joined form ("wifi"),
    /// because patrons type both spellings.
    /// </summary>
    private static int PlanLatinRun(ReadOnlySpan<char> text, int i, List<PlannedToken> tokens)
    {
        int joinedStart = i, parts = 0, end = i;
        while (true)
        {
            int start = end;
            while (end < text.Length && IsWordChar(text[end])) end++;
            tokens.Add(new(start, end - start, TokenTypes.Latin));
            parts++;
            if (end + 1 < text.Length && text[end] == '-' && IsWordChar(text[end + 1])) { end++; continue; }
            break;
        }
        if (parts > 1) tokens.Insert(tokens.Count - parts, new(joinedStart, end - joinedStart, TokenTypes.JoinedLatin));
        return end;
    }
}
