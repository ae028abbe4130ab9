namespace AskLibrary.Knowledge.Search;

/// <summary>One ranked article. <see cref="SnippetHtml"/> is HTML-escaped text with &lt;mark&gt; around matches.</summary>
public sealed record KbSearchHit(string Id, string Title, float Score, string SnippetHtml);

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
