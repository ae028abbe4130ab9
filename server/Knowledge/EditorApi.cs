using AskLibrary.Chat;
using AskLibrary.Chat.Contracts;
using AskLibrary.Knowledge.Articles;
using AskLibrary.Knowledge.Markdown;
using AskLibrary.Knowledge.Search;
using AskLibrary.Staff;

namespace AskLibrary.Knowledge;

/// <summary>The editors' workbench API. Any staff member may read and propose drafts; editors and admins publish.</summary>
public static class EditorApi
{
    public sealed record ArticleSummary(string Id, string Title, string Category, string Language, string Status, string Audience, int Version, DateTimeOffset UpdatedAt, string? UpdatedBy, string? Reviewed, KbArticleStats Stats);

    public static IEndpointRouteBuilder MapEditorApi(this IEndpointRouteBuilder app)
    {
        var editor = app.MapGroup("/api/editor").RequireAuthorization(StaffPolicies.AnyStaff).AddEndpointFilter(StaffApi.RequireAntiforgeryOnWrites);

        editor.MapGet("/articles", (string? q, string? status, string? category, string? language, KnowledgeService knowledge) =>
        {
            IEnumerable<KbArticleRecord> articles = knowledge.All;
            if (ChatInput.OptionalText(q, "q", 200) is { } text)
            {
                var ranked = knowledge.SearchAll(text);
                articles = ranked.Select(knowledge.Find).OfType<KbArticleRecord>();
            }
            if (!string.IsNullOrEmpty(status)) articles = articles.Where(a => a.Status.ToString().Equals(status, StringComparison.OrdinalIgnoreCase));
            if (!string.IsNullOrEmpty(category)) articles = articles.Where(a => a.Category == category);
            if (!string.IsNullOrEmpty(language)) articles = articles.Where(a => a.Language == language);
            return Results.Ok(articles.Select(a => new ArticleSummary(a.Id, a.Title, a.Category, a.Language, Lower(a.Status), Lower(a.Audience),
                a.Version, a.UpdatedAt, a.UpdatedBy, a.Reviewed, knowledge.StatsOf(a.Id))));
        });

        editor.MapGet("/articles/{id}", (string id, KnowledgeService knowledge) =>
            knowledge.Find(ChatInput.Id(id, "id")) is { } a ? Results.Ok(a) : throw new ChatException(ErrorCodes.NotFound, "No such article."));

        editor.MapPost("/articles", async (KbArticleInput input, HttpContext http, KnowledgeService knowledge, CancellationToken ct) =>
        {
            var saved = await knowledge.SaveAsync(input, null, StaffAuthentication.IdentityOf(http.User), ct);
            return Results.Created($"/api/editor/articles/{saved.Id}", saved);
        });

        editor.MapPut("/articles/{id}", async (string id, KbArticleInput input, HttpContext http, KnowledgeService knowledge, CancellationToken ct) =>
            Results.Ok(await knowledge.SaveAsync(input, id, StaffAuthentication.IdentityOf(http.User), ct)));

        editor.MapGet("/articles/{id}/versions", async (string id, KnowledgeService knowledge, CancellationToken ct) =>
            Results.Ok((await knowledge.VersionsAsync(id, ct)).Select(v => new { v.Version, v.At, v.Author, v.Change, status = Lower(v.Snapshot.Status) })));

        editor.MapGet("/articles/{id}/diff", async (string id, int from, int to, KnowledgeService knowledge, CancellationToken ct) =>
        {
            var versions = await knowledge.VersionsAsync(id, ct);
            var a = versions.FirstOrDefault(v => v.Version == from) ?? throw new ChatException(ErrorCodes.NotFound, $"No version {from}.");
            var b = versions.FirstOrDefault(v => v.Version == to) ?? throw new ChatException(ErrorCodes.NotFound, $"No version {to}.");
            return Results.Ok(new
            {
                title = a.Snapshot.Title == b.Snapshot.Title ? null : new { before = a.Snapshot.Title, after = b.Snapshot.Title },
                body = LineDiff.Compare(a.Snapshot.Body, b.Snapshot.Body),
            });
        });

        editor.MapPost("/articles/{id}/restore/{version:int}", async (string id, int version, HttpContext http, KnowledgeService knowledge, CancellationToken ct) =>
            Results.Ok(await knowledge.RestoreAsync(id, version, StaffAuthentication.IdentityOf(http.User), ct)));

        editor.MapPost("/preview", (KnowledgeApi.PreviewInput input) =>
            Results.Ok(new { html = KbMarkdown.ToSafeHtml(ChatInput.Text(input.Markdown, "markdown", 50_000)) }));

        editor.MapGet("/export", (KnowledgeService knowledge) =>
            Results.File(knowledge.ExportZip(), "application/zip", "asklibrary-kb.zip"));

        editor.MapGet("/gaps", async (int? days, HttpContext http, KnowledgeService knowledge, AuditLog audit, CancellationToken ct) =>
        {
            // Patron questions, verbatim: a view of patron data.
            var window = Math.Clamp(days ?? 30, 1, 365);
            await audit.RecordAsync(StaffAuthentication.IdentityOf(http.User), AuditActions.KnowledgeGapsViewed, "kb-gaps", $"days={window}", ct);
            return Results.Ok(await knowledge.GapsAsync(TimeSpan.FromDays(window), ct));
        });

        editor.MapGet("/drafts/from-chat/{conversationId}", async (string conversationId, HttpContext http, IConversationStore conversations, AuditLog audit, CancellationToken ct) =>
        {
            var c = await conversations.FindAsync(ChatInput.Id(conversationId, "conversationId"), ct)
                ?? throw new ChatException(ErrorCodes.NotFound, "No such conversation.");
            await audit.RecordAsync(StaffAuthentication.IdentityOf(http.User), AuditActions.DraftFromChat, c.Id, null, ct);
            var messages = await conversations.ListMessagesAsync(c.Id, 0, includeNotes: false, ct);
            return Results.Ok(KnowledgeService.DraftFromChat(c, messages));
        });

        editor.MapGet("/synonyms", (SearchDataOptions data) =>
            Results.Text(data.SynonymsPath is { } path && File.Exists(path) ? File.ReadAllText(path) : "", "text/plain; charset=utf-8"));

        editor.MapPut("/synonyms", async (KnowledgeApi.SynonymsInput input, HttpContext http, SearchDataOptions data, CancellationToken ct) =>
        {
            if (StaffAuthentication.IdentityOf(http.User).Role is not (StaffRoles.Editor or StaffRoles.Admin))
                throw new ChatException(ErrorCodes.Forbidden, "Only editors change synonyms.");
            // An empty file is allowed (no synonyms); a missing field is a mistake, not a request to clear them.
            var text = input.Text ?? throw new ChatException(ErrorCodes.InvalidArgument, "text is required (send \"\" to remove every synonym).");
            if (text.Length > 200_000)
                throw new ChatException(ErrorCodes.TooLarge, "The synonyms file is limited to 200,000 characters.");
            // The index re-reads the file when its timestamp changes: the next query uses the new groups.
            await File.WriteAllTextAsync(data.SynonymsPath!, text, ct);
            return Results.NoContent();
        });
        return app;
    }

    private static string Lower<T>(T value) where T : struct, Enum => value.ToString().ToLowerInvariant();
}
