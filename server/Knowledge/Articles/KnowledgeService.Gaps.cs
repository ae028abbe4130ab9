using AskLibrary.Chat;
using AskLibrary.Chat.Contracts;
using AskLibrary.Patrons;

namespace AskLibrary.Knowledge.Articles;

/// <summary>Poorly answered questions that look alike, for editors to write one article about.</summary>
public sealed record KbGap(int Count, IReadOnlyList<string> Examples, DateTimeOffset LastAsked, IReadOnlyList<string> Terms, IReadOnlyList<string> ConversationIds);

// Knowledge gaps: patron questions the knowledge base answered badly, grouped by shared search terms;
// and drafts pre-filled from a chat with personal data removed.
public sealed partial class KnowledgeService
{
    private const double SameGap = 0.34;

    public async Task<IReadOnlyList<KbGap>> GapsAsync(TimeSpan window, CancellationToken ct)
    {
        var questions = await store.ListPoorlyAnsweredAsync(options.Value.GapScoreThreshold, time.GetUtcNow() - window, 500, ct);
        var groups = new List<(HashSet<string> Terms, List<KbQuestion> Members)>();
        foreach (var q in questions)
        {
            var terms = index.AnalyzeTerms(q.Text).Where(t => t.Length > 1 || !char.IsPunctuation(t[0])).ToHashSet(StringComparer.Ordinal);
            var home = groups.FirstOrDefault(g => Jaccard(g.Terms, terms) >= SameGap);
            if (home.Members is null)
                groups.Add((terms, [q]));
            else
                home.Members.Add(q);
        }
        return groups
            .Select(g => new KbGap(g.Members.Count, g.Members.Select(m => m.Text).Distinct().Take(5).ToList(), g.Members.Max(m => m.At),
                g.Terms.Take(8).ToList(), g.Members.Select(m => m.ConversationId).OfType<string>().Take(10).ToList()))
            .OrderByDescending(g => g.Count).ThenByDescending(g => g.LastAsked)
            .ToList();
    }

    /// <summary>
    /// A draft article from a chat: the patron's question as title and problem, the librarian's answers as
    /// body — with e-mails, phone and card numbers and the participants' names removed. Not saved: the
    /// editor reviews it in the workbench first.
    /// </summary>
    public static KbArticleInput DraftFromChat(Conversation conversation, IReadOnlyList<StoredMessage> messages)
    {
        var names = messages.Select(m => m.AuthorName).Append(conversation.Patron.Name).Append(conversation.Patron.Email).ToList();
        string Clean(string text) => PersonalData.Scrub(text, names);
        var question = Clean(conversation.Question);
        var answers = messages.Where(m => m.Kind == MessageKind.Librarian).Select(m => Clean(m.Text)).ToList();
        var followUps = messages.Where(m => m.Kind == MessageKind.Patron && m.Seq > 1).Select(m => "- " + Clean(m.Text)).ToList();
        var english = conversation.Language == "en";
        var body = string.Join("\n\n", new[]
        {
            english ? "## Question" : "## 问题", question,
            followUps.Count > 0 ? (english ? "Follow-up questions:\n" : "追问：\n") + string.Join("\n", followUps) : null,
            english ? "## Answer" : "## 解答", answers.Count > 0 ? string.Join("\n\n", answers) : (english ? "(write the answer)" : "（请补充解答）"),
        }.Where(s => s is not null));
        var title = question.Length > 60 ? question[..60] + "…" : question;
        return new KbArticleInput(null, title, body, null, null, [], english ? KbLanguages.English : KbLanguages.SimplifiedChinese,
            "draft", "public", [], null, null, null);
    }

    private static double Jaccard(HashSet<string> a, HashSet<string> b) =>
        a.Count + b.Count == 0 ? 0 : (double)a.Intersect(b).Count() / a.Union(b).Count();
}
