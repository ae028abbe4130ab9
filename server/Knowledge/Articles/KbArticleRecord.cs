namespace AskLibrary.Knowledge.Articles;

/// <summary>
/// A knowledge-base article as stored: the searchable article plus curation fields and a version
/// number that every save increments (optimistic concurrency: a stale editor cannot overwrite).
/// </summary>
public sealed record KbArticleRecord
{
    public required string Id { get; init; }
    public required string Title { get; init; }
    public required string Body { get; init; }
    public string Summary { get; init; } = "";
    public string Category { get; init; } = "";
    public IReadOnlyList<string> Tags { get; init; } = [];
    public string Language { get; init; } = KbLanguages.SimplifiedChinese;
    public KbStatus Status { get; init; } = KbStatus.Draft;
    public KbAudience Audience { get; init; } = KbAudience.Public;
    public IReadOnlyList<string> Related { get; init; } = [];
    public string? Owner { get; init; }
    /// <summary>When an editor last checked the article is still true (yyyy-MM-dd).</summary>
    public string? Reviewed { get; init; }
    public int Version { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public string? UpdatedBy { get; init; }

    public KbArticle ToSearch() => new(Id, Title, Body)
    {
        Summary = Summary, Category = Category, Tags = Tags, Language = Language, Status = Status, Audience = Audience,
    };
}

/// <summary>One saved version: who, when, what changed, and the whole article as it was then.</summary>
public sealed record KbArticleVersion(string ArticleId, int Version, DateTimeOffset At, string Author, string Change, KbArticleRecord Snapshot);

/// <summary>What patrons and librarians did with a suggested article; feeds ranking and reports.</summary>
public enum KbEventKind { Shown, Opened, Inserted, Helpful, NotHelpful }

public sealed record KbEvent(string ArticleId, KbEventKind Kind, string? Query, string? VisitorId, string? StaffId, DateTimeOffset At);

/// <summary>Per-article counts of <see cref="KbEvent"/>s.</summary>
public sealed record KbArticleStats(int Shown, int Opened, int Inserted, int Helpful, int NotHelpful)
{
    public static readonly KbArticleStats None = new(0, 0, 0, 0, 0);
}

/// <summary>A patron question and how well the knowledge base matched it (for the knowledge-gap view); retention scrubs the text (AnonymisedAt).</summary>
public sealed record KbQuestion(string Id, string Text, string Source, string? ConversationId, string? BestArticleId, float BestScore, DateTimeOffset At,
    DateTimeOffset? AnonymisedAt = null);
