namespace AskLibrary.Knowledge.Articles;

/// <summary>Knowledge-base settings (AskLibrary:Knowledge).</summary>
public sealed class KnowledgeOptions
{
    /// <summary>Folder of starter articles imported at start (articles whose id is not stored yet). Default: the repository's kb/articles.</summary>
    public string? ImportDirectory { get; set; }

    /// <summary>A patron question whose best match scores under this is a knowledge gap (see docs/search.md).</summary>
    public float GapScoreThreshold { get; set; } = 4.0f;

    /// <summary>How strongly feedback (opened, inserted, helpful) moves an article up or down: 0 turns it off.</summary>
    public float FeedbackWeight { get; set; } = 0.3f;
}
