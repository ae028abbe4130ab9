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
    // Every member under what a match must start with: a Han member under the first character of its folded text, a
    // Latin one under its first word. A query then tries only the members that could start at each of its characters
    // and words, not every member of every group (that scan was a third of building the query for a chat's question).
    private readonly Dictionary<char, List<(int Group, int Member)>> _byFirstCharacter = [];
    private readonly Dictionary<string, List<(int Group, int Member)>> _byFirstWord = new(StringComparer.Ordinal);

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
        set.IndexMembers();
        return set;
    }

    private void IndexMembers()
    {
        for (int g = 0; g < _groups.Count; g++)
        {
            for (int m = 0; m < _groups[g].Length; m++)
            {
                var member = _groups[g][m];
                var list = member.Folded is { } folded
                    ? ListFor(_byFirstCharacter, folded[0])
                    : ListFor(_byFirstWord, member.Stems![0]);
                list.Add((g, m));
            }
        }
    }

    private static List<(int, int)> ListFor<TKey>(Dictionary<TKey, List<(int, int)>> index, TKey key) where TKey : notnull
    {
        if (!index.TryGetValue(key, out var list))
            index[key] = list = [];
        return list;
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
    /// <remarks>In the order of the groups and of their members, as a scan of every group would give them.</remarks>
    public IEnumerable<string> ExpansionsFor(string foldedLowerQuery, IReadOnlyList<string> queryWords)
    {
        // Most questions match no group or a few: no collections for those that match nothing.
        SortedDictionary<int, HashSet<int>>? matched = null;
        for (int i = 0; i < foldedLowerQuery.Length; i++)
        {
            if (!_byFirstCharacter.TryGetValue(foldedLowerQuery[i], out var candidates)) continue;
            foreach (var (g, m) in candidates)
                if (foldedLowerQuery.AsSpan(i).StartsWith(_groups[g][m].Folded, StringComparison.Ordinal))
                    Mark(ref matched, g, m);
        }
        for (int i = 0; i < queryWords.Count; i++)
        {
            if (!_byFirstWord.TryGetValue(queryWords[i], out var candidates)) continue;
            foreach (var (g, m) in candidates)
                if (StartsAt(_groups[g][m].Stems!, queryWords, i))
                    Mark(ref matched, g, m);
        }
        var expansions = new HashSet<string>(StringComparer.Ordinal);
        if (matched is null) return expansions;
        foreach (var (g, members) in matched)
        {
            var group = _groups[g];
            for (int m = 0; m < group.Length; m++)
                if (!members.Contains(m)) expansions.Add(group[m].Text);
        }
        return expansions;
    }

    private static void Mark(ref SortedDictionary<int, HashSet<int>>? matched, int group, int member)
    {
        matched ??= [];
        if (!matched.TryGetValue(group, out var members))
            matched[group] = members = [];
        members.Add(member);
    }

    /// <summary>Whether the query's words from <paramref name="start"/> on begin with <paramref name="stems"/>.</summary>
    private static bool StartsAt(string[] stems, IReadOnlyList<string> queryWords, int start)
    {
        if (start + stems.Length > queryWords.Count) return false;
        for (int k = 0; k < stems.Length; k++)
            if (queryWords[start + k] != stems[k]) return false;
        return true;
    }
}
