using System.IO.Compression;
using System.Text.RegularExpressions;
using AskLibrary.Chat;
using AskLibrary.Chat.Contracts;
using AskLibrary.Staff;

namespace AskLibrary.Knowledge.Articles;

/// <summary>What an editor sends to create or change an article.</summary>
public sealed record KbArticleInput(
    string? Id, string? Title, string? Body, string? Summary, string? Category, List<string>? Tags, string? Language,
    string? Status, string? Audience, List<string>? Related, string? Owner, string? Reviewed, int? Version);

// Editing: editors and admins publish; librarians may propose drafts but never change live articles.
public sealed partial class KnowledgeService
{
    private static readonly string[] Languages = [KbLanguages.SimplifiedChinese, KbLanguages.TraditionalChinese, KbLanguages.English];

    public async Task<KbArticleRecord> SaveAsync(KbArticleInput? input, string? existingId, StaffIdentity caller, CancellationToken ct)
    {
        if (input is null)
            throw new ChatException(ErrorCodes.InvalidArgument, "A body is required.");
        var existing = existingId is null ? null : Find(ChatInput.Id(existingId, "id")) ?? throw new ChatException(ErrorCodes.NotFound, "No such article.");
        var candidate = Validate(input, existing, caller);
        var isEditor = caller.Role is StaffRoles.Editor or StaffRoles.Admin;
        if (!isEditor && (candidate.Status != KbStatus.Draft || existing is { Status: not KbStatus.Draft }))
            throw new ChatException(ErrorCodes.Forbidden, "Librarians may propose drafts; an editor publishes them.");
        if (existing is null && Find(candidate.Id) is not null)
            throw new ChatException(ErrorCodes.InvalidState, $"An article with the id '{candidate.Id}' already exists.");
        if (existing is not null && input.Version != existing.Version)
            throw new ChatException(ErrorCodes.InvalidState, "Someone saved this article after you opened it; reload and apply your change again.");
        return await StoreAsync(candidate with { Version = (existing?.Version ?? 0) + 1 }, Describe(existing, candidate), caller, ct);
    }

    public async Task<KbArticleRecord> RestoreAsync(string id, int version, StaffIdentity caller, CancellationToken ct)
    {
        var current = Find(ChatInput.Id(id, "id")) ?? throw new ChatException(ErrorCodes.NotFound, "No such article.");
        if (caller.Role is not (StaffRoles.Editor or StaffRoles.Admin))
            throw new ChatException(ErrorCodes.Forbidden, "Only editors restore versions.");
        var old = (await store.ListVersionsAsync(current.Id, ct)).FirstOrDefault(v => v.Version == version)
            ?? throw new ChatException(ErrorCodes.NotFound, "No such version.");
        return await StoreAsync(old.Snapshot with { Version = current.Version + 1 }, $"restored version {version}", caller, ct);
    }

    public async Task<IReadOnlyList<KbArticleVersion>> VersionsAsync(string id, CancellationToken ct) =>
        await store.ListVersionsAsync(ChatInput.Id(id, "id"), ct);

    /// <summary>The whole knowledge base as a zip of kb/ files, importable back.</summary>
    public byte[] ExportZip()
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var article in All)
            {
                using var writer = new StreamWriter(zip.CreateEntry($"articles/{article.Id}.md").Open());
                writer.Write(KbArticleFormat.Write(article));
            }
        }
        return buffer.ToArray();
    }

    private async Task<KbArticleRecord> StoreAsync(KbArticleRecord article, string change, StaffIdentity caller, CancellationToken ct)
    {
        article = article with { UpdatedAt = time.GetUtcNow(), UpdatedBy = caller.DisplayName };
        if (!await store.SaveAsync(article, change, ct))
            throw new ChatException(ErrorCodes.InvalidState, "Someone saved this article at the same moment; reload and try again.");
        // The store first, then the index: a crash in between is healed by the rebuild at start.
        index.Upsert(article.ToSearch());
        lock (_statsLock)
            _articles = new Dictionary<string, KbArticleRecord>(_articles, StringComparer.Ordinal) { [article.Id] = article };
        await cluster.PublishAsync(ArticleChanged, article.Id);
        return article;
    }

    private KbArticleRecord Validate(KbArticleInput input, KbArticleRecord? existing, StaffIdentity caller)
    {
        var id = existing?.Id ?? Slug(input.Id);
        var language = input.Language ?? existing?.Language ?? KbLanguages.SimplifiedChinese;
        if (!Languages.Contains(language))
            throw new ChatException(ErrorCodes.InvalidArgument, "language must be zh-CN, zh-TW or en.");
        var tags = (input.Tags ?? []).Select(t => ChatInput.Text(t, "tag", 40)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (tags.Count > 20)
            throw new ChatException(ErrorCodes.TooLarge, "At most 20 tags.");
        var related = (input.Related ?? []).Select(r => ChatInput.Id(r, "related")).Where(r => r != id).Distinct().ToList();
        if (related.FirstOrDefault(r => Find(r) is null) is { } missing)
            throw new ChatException(ErrorCodes.InvalidArgument, $"Related article '{missing}' does not exist.");
        if (input.Reviewed is { Length: > 0 } reviewed && !DateOnly.TryParseExact(reviewed, "yyyy-MM-dd", out _))
            throw new ChatException(ErrorCodes.InvalidArgument, "reviewed must be a date like 2026-11-24.");
        return new KbArticleRecord
        {
            Id = id,
            Title = ChatInput.Text(input.Title, "title", 200),
            Body = ChatInput.Text(input.Body, "body", 50_000),
            Summary = ChatInput.OptionalText(input.Summary, "summary", 500) ?? "",
            Category = ChatInput.OptionalText(input.Category, "category", 40) ?? "",
            Tags = tags,
            Language = language,
            Status = ParseEnum<KbStatus>(input.Status, existing?.Status ?? KbStatus.Draft, "status"),
            Audience = ParseEnum<KbAudience>(input.Audience, existing?.Audience ?? KbAudience.Public, "audience"),
            Related = related,
            Owner = ChatInput.OptionalText(input.Owner, "owner", 100) ?? existing?.Owner ?? caller.DisplayName,
            Reviewed = string.IsNullOrWhiteSpace(input.Reviewed) ? existing?.Reviewed : input.Reviewed,
        };
    }

    private static T ParseEnum<T>(string? value, T fallback, string field) where T : struct, Enum =>
        value is null ? fallback
        : Enum.TryParse<T>(value, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) ? parsed
        : throw new ChatException(ErrorCodes.InvalidArgument, $"{field} is not one of {string.Join(", ", Enum.GetNames<T>()).ToLowerInvariant()}.");

    private static string Slug(string? id)
    {
        var slug = (id ?? "").Trim().ToLowerInvariant();
        return Regex.IsMatch(slug, "^[a-z0-9][a-z0-9-]{0,79}$")
            ? slug
            : throw new ChatException(ErrorCodes.InvalidArgument, "id must be 1–80 characters of a–z, 0–9 and '-', e.g. renew-books.");
    }

    /// <summary>"what changed" for the history: the fields that differ.</summary>
    private static string Describe(KbArticleRecord? before, KbArticleRecord after)
    {
        if (before is null)
            return "created";
        var changed = new List<string>();
        if (before.Title != after.Title) changed.Add("title");
        if (before.Body != after.Body) changed.Add("body");
        if (before.Summary != after.Summary) changed.Add("summary");
        if (before.Category != after.Category) changed.Add("category");
        if (!before.Tags.SequenceEqual(after.Tags)) changed.Add("tags");
        if (before.Language != after.Language) changed.Add("language");
        if (before.Audience != after.Audience) changed.Add("audience");
        if (!before.Related.SequenceEqual(after.Related)) changed.Add("related");
        if (before.Owner != after.Owner) changed.Add("owner");
        if (before.Reviewed != after.Reviewed) changed.Add("reviewed");
        if (before.Status != after.Status) changed.Add($"status {before.Status.ToString().ToLowerInvariant()} → {after.Status.ToString().ToLowerInvariant()}");
        return changed.Count == 0 ? "saved without changes" : string.Join(", ", changed);
    }
}
