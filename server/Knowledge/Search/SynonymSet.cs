namespace AskLibrary.Knowledge.Search;

/// <summary>
/// Groups of equivalent terms (kb/synonyms.txt: one group per line, members separated by commas, "#" starts a
/// comment), e.g. "续借, 续期, renew". Used at query time only: when a query contains a member, the other
/// members are added to the query at a lower weight. A member with Han characters matches as a substring of
/// the folded query, which does not depend on how the segmenter cut it; a Latin member matches as a run of
/// words, singular or plural. Deliberately not Porter stems: those conflate "access" with "accessibility".
/// </summary>
internal sealed class SynonymSet
{
    private readonly List<Member[]> _groups = [];

    private sealed record Member(string Text, string? Folded, string[]? Stems);

    public int GroupCount => _groups.Count;

    public static SynonymSet Empty { get; } = new();

    public static SynonymSet Parse(IEnumerable<string> lines, TextTokenPlanner planner, CharacterFolding folding)
    {
        var set = new SynonymSet();
        foreach (var raw in lines)
        {
            int hash = raw.IndexOf('#');
            var line = hash >= 0 ? raw[..hash] : raw;
            var members = line.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(text => ToMember(text, planner, folding))
                .Where(m => m is not null)
                .Cast<Member>()
                .ToArray();
            if (members.Length >= 2) set._groups.Add(members);
        }
        return set;
    }

    private static Member? ToMember(string text, TextTokenPlanner planner, CharacterFolding folding)
    {
        var folded = folding.Fold(text).ToLowerInvariant();
        if (text.Any(HanScript.IsHan)) return new Member(text, folded, null);
        var words = LatinWords(folded, planner);
        return words.Count == 0 ? null : new Member(text, null, [.. words]);
    }

    /// <summary>The Latin words of folded, lower-cased text, each reduced to its singular.</summary>
    public static List<string> LatinWords(string foldedLower, TextTokenPlanner planner)
    {
        var stemmer = new Lucene.Net.Analysis.En.EnglishMinimalStemmer();
        var words = new List<string>();
        foreach (var token in planner.Plan(foldedLower))
        {
            if (token.Type != TokenTypes.Latin) continue;
            var chars = foldedLower.ToCharArray(token.Start, token.Length);
            words.Add(new string(chars, 0, stemmer.Stem(chars, chars.Length)));
        }
        return words;
    }

    /// <summary>The members equivalent to something the query says, excluding what it already says.</summary>
    public IEnumerable<string> ExpansionsFor(string foldedLowerQuery, IReadOnlyList<string> queryWords)
    {
        var expansions = new HashSet<string>(StringComparer.Ordinal);
        foreach (var group in _groups)
        {
            // Most groups match nothing in a question: no list for them (one per group was a fifth of what building
            // a query allocated, and a query is built for every chat's question).
            List<Member>? matched = null;
            foreach (var member in group)
                if (Matches(member, foldedLowerQuery, queryWords))
                    (matched ??= []).Add(member);
            if (matched is null) continue;
            foreach (var other in group)
                if (!matched.Contains(other)) expansions.Add(other.Text);
        }
        return expansions;
    }

    private static bool Matches(Member member, string foldedLowerQuery, IReadOnlyList<string> queryWords)
    {
        if (member.Folded is not null) return foldedLowerQuery.Contains(member.Folded, StringComparison.Ordinal);
        var stems = member.Stems!;
        for (int i = 0; i + stems.Length <= queryWords.Count; i++)
        {
            int k = 0;
            while (k < stems.Length && queryWords[i + k] == stems[k]) k++;
            if (k == stems.Length) return true;
        }
        return false;
    }
}
