using System.Threading.RateLimiting;
using AskLibrary.Chat;
using AskLibrary.Chat.Contracts;
using AskLibrary.Knowledge.Articles;
using AskLibrary.Knowledge.Markdown;
using AskLibrary.Knowledge.Search;
using AskLibrary.Patrons;
using AskLibrary.Staff;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.RateLimiting;

namespace AskLibrary.Knowledge;

/// <summary>The knowledge base over HTTP: patron suggestions and articles, librarian suggestions, the editors' API.</summary>
public static class KnowledgeApi
{
    public const string PublicRateLimit = "kb-public";

    public sealed record ArticleView(string Id, string Title, string Summary, string Html, string Category, string Language, string Audience, string Url, IReadOnlyList<RelatedView> Related);
    public sealed record RelatedView(string Id, string Title);
    public sealed record FeedbackInput(string? ArticleId, string? Kind, string? Query);
    public sealed record PreviewInput(string? Markdown);
    public sealed record SynonymsInput(string? Text);

    public static void AddKnowledgeRateLimits(RateLimiterOptions options) =>
        // Suggestions fire while patrons type (debounced in the widget); per address, generous for shared campus NAT.
        options.AddPolicy(PublicRateLimit, http => RateLimitPartition.GetFixedWindowLimiter(
            http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
            _ => new FixedWindowRateLimiterOptions { PermitLimit = 600, Window = TimeSpan.FromMinutes(1) }));

    public static IEndpointRouteBuilder MapKnowledgeApi(this IEndpointRouteBuilder app)
    {
        var kb = app.MapGroup("/api/kb").RequireRateLimiting(PublicRateLimit).RequireCors(AskLibrary.Web.WidgetOrigins.Policy);
        kb.MapGet("/suggest", (string? q, string? lang, KnowledgeService knowledge) =>
            Results.Ok(knowledge.Suggest(ChatInput.OptionalText(q, "q", 500) ?? "", KbAudienceView.Patron, 3, lang)));
        kb.MapGet("/articles/{id}", (string id, KnowledgeService knowledge) =>
            knowledge.FindPublic(ChatInput.Id(id, "id")) is { } a ? Results.Ok(View(a, knowledge)) : throw new ChatException(ErrorCodes.NotFound, "No such article."));
        kb.MapPost("/feedback", async (FeedbackInput input, HttpContext http, KnowledgeService knowledge, TimeProvider time, CancellationToken ct) =>
        {
            var kind = ParseKind(input.Kind, KbEventKind.Shown, KbEventKind.Opened, KbEventKind.Helpful, KbEventKind.NotHelpful);
            var visitor = (await http.AuthenticateAsync(VisitorAuthentication.Scheme)).Principal?.FindFirst(VisitorAuthentication.ClaimType)?.Value;
            var id = ChatInput.Id(input.ArticleId, "articleId");
            if (knowledge.FindPublic(id) is null)
                throw new ChatException(ErrorCodes.NotFound, "No such article.");
            await knowledge.RecordEventAsync(new KbEvent(id, kind, ChatInput.OptionalText(input.Query, "query", 500), visitor, null, time.GetUtcNow()), ct);
            return Results.NoContent();
        });

        var staff = app.MapGroup("/api/staff/kb").RequireAuthorization(StaffPolicies.AnyStaff).AddEndpointFilter(StaffApi.RequireAntiforgeryOnWrites);
        staff.MapGet("/suggest", (string? q, string? lang, KnowledgeService knowledge) =>
            Results.Ok(knowledge.Suggest(ChatInput.OptionalText(q, "q", 4000) ?? "", KbAudienceView.Staff, 5, lang)));
        staff.MapGet("/articles/{id}", (string id, KnowledgeService knowledge) =>
            knowledge.Find(ChatInput.Id(id, "id")) is { Status: KbStatus.Published } a ? Results.Ok(View(a, knowledge)) : throw new ChatException(ErrorCodes.NotFound, "No such article."));
        staff.MapPost("/events", async (FeedbackInput input, HttpContext http, KnowledgeService knowledge, TimeProvider time, CancellationToken ct) =>
        {
            var kind = ParseKind(input.Kind, KbEventKind.Shown, KbEventKind.Opened, KbEventKind.Inserted);
            var me = StaffAuthentication.IdentityOf(http.User);
            await knowledge.RecordEventAsync(new KbEvent(ChatInput.Id(input.ArticleId, "articleId"), kind, ChatInput.OptionalText(input.Query, "query", 500), null, me.Id, time.GetUtcNow()), ct);
            return Results.NoContent();
        });
        return app;
    }

    internal static ArticleView View(KbArticleRecord a, KnowledgeService knowledge) => new(
        a.Id, a.Title, a.Summary, KbMarkdown.ToSafeHtml(a.Body), a.Category, a.Language, KnowledgeService.AudienceName(a.Audience), $"/kb/{a.Id}",
        a.Related.Select(knowledge.FindPublic).OfType<KbArticleRecord>().Select(r => new RelatedView(r.Id, r.Title)).ToList());

    private static KbEventKind ParseKind(string? value, params KbEventKind[] allowed)
    {
        var normalized = value?.Replace("_", "", StringComparison.Ordinal);
        return allowed.FirstOrDefault(k => string.Equals(k.ToString(), normalized, StringComparison.OrdinalIgnoreCase)) is var kind
            && string.Equals(kind.ToString(), normalized, StringComparison.OrdinalIgnoreCase)
            ? kind
            : throw new ChatException(ErrorCodes.InvalidArgument, $"kind must be one of {string.Join(", ", allowed.Select(k => k.ToString().ToLowerInvariant()))}.");
    }
}
