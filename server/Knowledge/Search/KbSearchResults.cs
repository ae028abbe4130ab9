namespace AskLibrary.Knowledge.Search;

/// <summary>One ranked article. <see cref="SnippetHtml"/> is HTML-escaped text with &lt;mark&gt; around matches.</summary>
public sealed record KbSearchHit(string Id, string Title, float Score, string SnippetHtml);

/// <summary>One ranked article before its snippet is built (see <see cref="KbRanking"/>).</summary>
public sealed record KbRankedArticle(string Id, string Title, float Score)
{
    internal SnippetSource? Source { get; init; }
}

/// <summary>
/// The articles a search found, best first. Snippets are built only for the articles a caller shows, after
/// it re-ranked them: a suggestion asks for 10 candidates and shows 3 or 5.
/// </summary>
public sealed class KbRanking
{
    private readonly IReadOnlySet<string> _highlight;
    private readonly SnippetSources? _sources;

    internal KbRanking(IReadOnlyList<KbRankedArticle> articles, IReadOnlySet<string> highlight, SnippetSources? sources)
    {
        Articles = articles;
        _highlight = highlight;
        _sources = sources;
    }

    public static KbRanking Empty { get; } = new([], new HashSet<string>(), null);

    public IReadOnlyList<KbRankedArticle> Articles { get; }

    /// <summary>HTML-escaped text of the article with &lt;mark&gt; around the query's words (body, else summary).</summary>
    public string Snippet(KbRankedArticle article)
    {
        if (_sources is null || article.Source is null) return "";
        var (text, matches) = _sources.Matches(article.Source, _highlight);
        return SnippetBuilder.Build(text, matches);
    }
}

/// <summary>
/// Which articles a search may return. The default is what a patron may see: published, public articles
/// in any language.
/// </summary>
public sealed record KbSearchFilter
{
    public IReadOnlyList<KbStatus> Statuses { get; init; } = [KbStatus.Published];
    public bool IncludeStaffOnly { get; init; }
    public string? Language { get; init; }
    public string? Category { get; init; }

    public static KbSearchFilter PatronView { get; } = new();
    public static KbSearchFilter StaffView { get; } = new() { IncludeStaffOnly = true };
}
