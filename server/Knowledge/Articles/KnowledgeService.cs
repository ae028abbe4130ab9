using AskLibrary.Chat;
using AskLibrary.Chat.Contracts;
using AskLibrary.Knowledge.Search;
using Microsoft.Extensions.Options;

namespace AskLibrary.Knowledge.Articles;

/// <summary>Who is asking for suggestions: patrons see published public articles; staff also internal ones.</summary>
public enum KbAudienceView { Patron, Staff }

/// <summary>
/// A suggested article, best first: its id, title, highlighted snippet, summary, category, language and
/// audience ("public" or "staff"). The console shows the category, words an inserted answer in the
/// article's language, and never offers to send a patron the link to a staff-only article.
/// </summary>
public sealed record KbSuggestion(string Id, string Title, string SnippetHtml, string Summary, string Category, string Language, string Audience, string Url);

/// <summary>
/// The knowledge base: the store is the record of truth, the Lucene index a projection of it kept in
/// step on every save (and rebuilt at start). Search results are re-ranked by how patrons and
/// librarians used each article (see docs/search.md, "Learning from feedback").
/// </summary>
public sealed partial class KnowledgeService(
    IKnowledgeStore store,
    KnowledgeIndex index,
    IOptions<KnowledgeOptions> options,
    TimeProvider time,
    Cluster.IClusterCoordinator cluster,
    ILogger<KnowledgeService> logger)
{
    private const int Candidates = 10;
    private readonly Lock _statsLock = new();
    private Dictionary<string, KbArticleStats> _stats = new(StringComparer.Ordinal);
    private Dictionary<string, KbArticleRecord> _articles = new(StringComparer.Ordinal);

    public KnowledgeOptions Options => options.Value;

    public async Task InitializeAsync(string? importDirectory, CancellationToken ct)
    {
        if (importDirectory is not null && Directory.Exists(importDirectory))
            await ImportMissingAsync(importDirectory, ct);
        var articles = await store.ListAsync(ct);
        _articles = articles.ToDictionary(a => a.Id, StringComparer.Ordinal);
        index.Rebuild(articles.Select(a => a.ToSearch()));
        _stats = new Dictionary<string, KbArticleStats>(await store.CountEventsAsync(ct), StringComparer.Ordinal);
        // Each node keeps its own index: an article saved on another node is read from the shared store.
        cluster.Subscribe(ArticleChanged, id => ReloadAsync(id, CancellationToken.None));
        Log.KnowledgeReady(logger, articles.Count);
    }

    private const string ArticleChanged = "kb-article";

    /// <summary>Brings one article of the index and the cache in step with the store (another node saved it).</summary>
    private async Task ReloadAsync(string id, CancellationToken ct)
    {
        if (await store.FindAsync(id, ct) is not { } article)
            return;
        index.Upsert(article.ToSearch());
        lock (_statsLock)
            _articles = new Dictionary<string, KbArticleRecord>(_articles, StringComparer.Ordinal) { [article.Id] = article };
    }

    /// <summary>Adds the folder's articles whose ids are not stored yet; edited articles are never overwritten.</summary>
    public async Task<int> ImportMissingAsync(string directory, CancellationToken ct)
    {
        var added = 0;
        foreach (var file in Directory.EnumerateFiles(directory, "*.md").Order(StringComparer.Ordinal))
        {
            KbArticleRecord article;
            try
            {
                article = KbArticleFormat.Parse(await File.ReadAllTextAsync(file, ct), Path.GetFileNameWithoutExtension(file));
            }
            catch (Exception ex) when (ex is FormatException or YamlDotNet.Core.YamlException)
            {
                Log.ArticleSkipped(logger, ex, Path.GetFileName(file));
                continue;
            }
            if (await store.FindAsync(article.Id, ct) is not null)
                continue;
            var imported = article with { Version = 1, UpdatedAt = time.GetUtcNow(), UpdatedBy = "import" };
            if (await store.SaveAsync(imported, $"imported from {Path.GetFileName(file)}", ct))
                added++;
        }
        return added;
    }

    public IReadOnlyList<KbArticleRecord> All => _articles.Values.OrderBy(a => a.Id, StringComparer.Ordinal).ToList();

    public KbArticleRecord? Find(string id) => _articles.GetValueOrDefault(id);

    /// <summary>A published article a patron may read, or null.</summary>
    public KbArticleRecord? FindPublic(string id) =>
        _articles.GetValueOrDefault(id) is { Status: KbStatus.Published, Audience: KbAudience.Public } a ? a : null;

    public IReadOnlyList<KbSuggestion> Suggest(string query, KbAudienceView view, int top, string? language = null)
    {
        if (string.IsNullOrWhiteSpace(query))
            return [];
        var filter = view == KbAudienceView.Staff ? KbSearchFilter.StaffView : KbSearchFilter.PatronView;
        var ranking = index.Rank(query.Length > 500 ? query[..500] : query, Candidates, filter);
        // Snippets only for the suggestions shown, after re-ranking: building one is the costly part.
        var suggestions = new List<KbSuggestion>(Math.Min(top, ranking.Articles.Count));
        foreach (var h in Rerank(ranking.Articles, language))
        {
            if (suggestions.Count >= top) break;
            var snippet = ranking.Snippet(h);
            suggestions.Add(_articles.GetValueOrDefault(h.Id) is { } a
                ? new KbSuggestion(h.Id, h.Title, snippet, a.Summary, a.Category, a.Language, AudienceName(a.Audience), $"/kb/{h.Id}")
                : new KbSuggestion(h.Id, h.Title, snippet, "", "", "", AudienceName(KbAudience.Public), $"/kb/{h.Id}"));
        }
        return suggestions;
    }

    internal static string AudienceName(KbAudience audience) => audience == KbAudience.Staff ? "staff" : "public";

    /// <summary>Ids of every article matching the text (any status or audience), best first: the workbench search.</summary>
    public IReadOnlyList<string> SearchAll(string text) =>
        index.Rank(text, 100, KbSearchFilter.StaffView with { Statuses = [KbStatus.Draft, KbStatus.Published, KbStatus.Archived] }).Articles.Select(h => h.Id).ToList();

    /// <summary>The best match's score for a patron question (0 when nothing matched): the knowledge-gap signal.</summary>
    public async Task RecordQuestionAsync(string text, string source, string? conversationId, CancellationToken ct)
    {
        var best = index.Rank(text.Length > 500 ? text[..500] : text, 1, KbSearchFilter.StaffView).Articles.FirstOrDefault();
        var at = time.GetUtcNow();
        // Ordered: one question per chat goes into kb_questions, whose key index then grows at its end (Ids.Ordered).
        await store.AddQuestionAsync(new KbQuestion(Ids.Ordered("kq", at), text, source, conversationId, best?.Id, best?.Score ?? 0, at), ct);
    }

    public async Task RecordEventAsync(KbEvent e, CancellationToken ct)
    {
        if (!_articles.ContainsKey(e.ArticleId))
            throw new ChatException(ErrorCodes.NotFound, "No such article.");
        await store.AddEventAsync(e, ct);
        lock (_statsLock)
        {
            var s = _stats.GetValueOrDefault(e.ArticleId, KbArticleStats.None);
            _stats[e.ArticleId] = e.Kind switch
            {
                KbEventKind.Shown => s with { Shown = s.Shown + 1 },
                KbEventKind.Opened => s with { Opened = s.Opened + 1 },
                KbEventKind.Inserted => s with { Inserted = s.Inserted + 1 },
                KbEventKind.Helpful => s with { Helpful = s.Helpful + 1 },
                _ => s with { NotHelpful = s.NotHelpful + 1 },
            };
        }
    }

    public KbArticleStats StatsOf(string id)
    {
        lock (_statsLock)
            return _stats.GetValueOrDefault(id, KbArticleStats.None);
    }

    /// <summary>
    /// Multiplies each score by a usefulness factor between 1 − w/2 and 1 + w/2, from smoothed rates of
    /// opened / inserted / helpful versus shown and not-helpful. An article nobody has reacted to keeps
    /// a factor near 1, so text relevance decides until there is evidence.
    /// </summary>
    private IEnumerable<KbRankedArticle> Rerank(IReadOnlyList<KbRankedArticle> hits, string? language)
    {
        var weight = Math.Max(0, options.Value.FeedbackWeight);
        var family = LanguageFamily(language);
        return hits
            .Select(h => h with
            {
                Score = h.Score * Usefulness(StatsOf(h.Id), weight)
                    * (family is not null && LanguageFamily(_articles.GetValueOrDefault(h.Id)?.Language) == family ? options.Value.SameLanguageBoost : 1f),
            })
            .OrderByDescending(h => h.Score);
    }

    private static string? LanguageFamily(string? language) => language switch
    {
        null or "" => null,
        _ when language.StartsWith("zh", StringComparison.OrdinalIgnoreCase) => "zh",
        _ when language.StartsWith("en", StringComparison.OrdinalIgnoreCase) => "en",
        _ => null,
    };

    internal static float Usefulness(KbArticleStats s, float weight)
    {
        // Beta(1,1)-smoothed share of positive reactions among everything that happened to the article.
        var positive = s.Opened * 0.5f + s.Inserted + s.Helpful * 2f;
        var negative = s.NotHelpful * 2f + Math.Max(0, s.Shown - s.Opened - s.Inserted) * 0.1f;
        var share = (positive + 1f) / (positive + negative + 2f);
        return 1f + weight * (share - 0.5f);
    }
}
