using AskLibrary.Knowledge.Search;
using static AskLibrary.Tests.Knowledge.Search.SearchTestData;

namespace AskLibrary.Tests.Knowledge.Search;

/// <summary>
/// Synonym expansion looks members up by their first character or word; what it finds must be what the rule says
/// (kb/synonyms.txt's header): a Han member anywhere in the folded question, a Latin member as a run of its words.
/// </summary>
public sealed class SynonymSetTests
{
    private static readonly ChineseSearchAnalyzer SharedAnalyzer = Analyzer();

    private static SynonymSet Parse(params string[] lines) => SynonymSet.Parse(lines, SharedAnalyzer.Planner, Lexicon.Folding);

    private static List<string> Expand(SynonymSet set, string question)
    {
        var folded = Lexicon.Folding.Fold(question).ToLowerInvariant();
        return [.. set.ExpansionsFor(folded, SynonymSet.LatinWords(folded, SharedAnalyzer.Planner))];
    }

    [Fact]
    public void A_question_gets_the_other_members_of_every_group_it_mentions_in_the_order_of_the_file()
    {
        var set = Parse("续借, 续期, renew", "# a comment line", "interlibrary loan, 馆际互借, ILL", "座位, seat");

        Assert.Equal(["续期", "馆际互借", "ill"],
            Expand(set, "Can I renew an interlibrary loan? 续借").Select(t => t.ToLowerInvariant()));
        Assert.Equal(["续借", "renew"], Expand(set, "图书怎么续期"));
        Assert.Empty(Expand(set, "opening hours"));
        Assert.Empty(Expand(set, "interlibrary")); // a Latin member matches only as a whole run of its words
        Assert.Equal(["续借", "续期"], Expand(set, "Two renews?")); // singular or plural,
        Assert.Empty(Expand(set, "renewing")); // not other forms of the word (kb/synonyms.txt's header, docs/editor.md)
    }

    [Fact]
    public void The_shipped_synonyms_expand_every_question_as_a_scan_of_every_group_would()
    {
        var lines = File.ReadAllLines(Path.Combine(RepositoryRoot, "kb", "synonyms.txt"));
        var set = Parse(lines);
        var groups = ReferenceGroups(lines);
        Assert.Equal(groups.Count, set.GroupCount);

        // Questions that mention members at their start, their end and in between, one group or several, and the
        // development set's real questions where it is present.
        var members = groups.SelectMany(g => g).Select(m => m.Text).ToList();
        var questions = new List<string>(members);
        for (int i = 0; i < members.Count; i++)
        {
            questions.Add($"请问{members[i]}怎么办");
            questions.Add($"how do I {members[i]} and {members[(i * 7 + 3) % members.Count]}?");
            questions.Add($"{members[(i * 13 + 5) % members.Count]}的{members[i]}");
        }
        var devQueries = Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "eval", "kb-zh", "dev-queries.jsonl"));
        if (File.Exists(devQueries))
            questions.AddRange(RetrievalEvaluation.ReadQueries(devQueries).Select(q => q.Query));

        var expanded = 0;
        foreach (var question in questions)
        {
            var expected = ReferenceExpansions(groups, question);
            var actual = Expand(set, question);
            Assert.True(expected.SequenceEqual(actual), $"{question}: expected [{string.Join(", ", expected)}], got [{string.Join(", ", actual)}]");
            if (actual.Count > 0) expanded++;
        }
        Assert.True(expanded > members.Count, $"only {expanded} of {questions.Count} questions were expanded");
    }

    private sealed record ReferenceMember(string Text, string? Folded, List<string>? Words);

    /// <summary>The file's groups as the rule reads them, without SynonymSet.</summary>
    private static List<List<ReferenceMember>> ReferenceGroups(IEnumerable<string> lines)
    {
        var groups = new List<List<ReferenceMember>>();
        foreach (var raw in lines)
        {
            var line = raw.Split('#')[0];
            var members = new List<ReferenceMember>();
            foreach (var text in line.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var folded = Lexicon.Folding.Fold(text).ToLowerInvariant();
                if (text.Any(HanScript.IsHan))
                    members.Add(new ReferenceMember(text, folded, null));
                else if (SynonymSet.LatinWords(folded, SharedAnalyzer.Planner) is { Count: > 0 } words)
                    members.Add(new ReferenceMember(text, null, words));
            }
            if (members.Count >= 2) groups.Add(members);
        }
        return groups;
    }

    /// <summary>Every group in turn: if the question mentions a member, the group's other members, in order, once each.</summary>
    private static List<string> ReferenceExpansions(List<List<ReferenceMember>> groups, string question)
    {
        var folded = Lexicon.Folding.Fold(question).ToLowerInvariant();
        var words = SynonymSet.LatinWords(folded, SharedAnalyzer.Planner);
        var result = new List<string>();
        foreach (var group in groups)
        {
            var mentioned = group.Where(m => m.Folded is not null
                ? folded.Contains(m.Folded, StringComparison.Ordinal)
                : Enumerable.Range(0, Math.Max(0, words.Count - m.Words!.Count + 1)).Any(i => words.Skip(i).Take(m.Words.Count).SequenceEqual(m.Words))).ToList();
            if (mentioned.Count == 0) continue;
            foreach (var member in group)
                if (!mentioned.Contains(member) && !result.Contains(member.Text))
                    result.Add(member.Text);
        }
        return result;
    }
}
