namespace AskLibrary.Knowledge;

/// <summary>
/// A knowledge-base article as search sees it. Storage, history and ownership are added by the
/// knowledge-base store; this record is the shape the index and the Markdown pipeline need.
/// </summary>
/// <param name="Id">Stable slug, used in URLs and as the index key (e.g. "renewal").</param>
/// <param name="Title">Shown in suggestions; weighted highest in search.</param>
/// <param name="BodyMarkdown">Untrusted Markdown; render only through <see cref="Markdown.KbMarkdown"/>.</param>
public sealed record KbArticle(string Id, string Title, string BodyMarkdown)
{
    public string Summary { get; init; } = "";
    public string Category { get; init; } = "";
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>One of <see cref="KbLanguages"/>.</summary>
    public string Language { get; init; } = KbLanguages.SimplifiedChinese;

    public KbStatus Status { get; init; } = KbStatus.Published;
    public KbAudience Audience { get; init; } = KbAudience.Public;
}

public enum KbStatus { Draft, Published, Archived }

/// <summary>Staff articles (internal policy notes) are never suggested to patrons.</summary>
public enum KbAudience { Public, Staff }

public static class KbLanguages
{
    public const string SimplifiedChinese = "zh-CN";
    public const string TraditionalChinese = "zh-TW";
    public const string English = "en";
}
