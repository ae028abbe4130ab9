using System.Globalization;
using AskLibrary.Chat;
using AskLibrary.Chat.Contracts;
using AskLibrary.Reports;
using AskLibrary.Staff;
using Microsoft.Extensions.Options;

namespace AskLibrary.Ratings;

/// <summary>
/// "My ratings": the patrons' ratings of the caller's chats over a period, their average and spread, beside the
/// service-wide average. Librarians see only their own; admins may pass another staff id. Comments are patron
/// text, so every view is audited.
/// </summary>
public static class RatingsApi
{
    /// <summary>The newest rated chats listed; the counts and averages cover all of them.</summary>
    public const int MaxItems = 200;

    public sealed record RatingSummary(int Count, double? Average, IReadOnlyList<int> ByScore);

    public sealed record RatingItem(string ConversationId, string QueueId, DateTimeOffset CreatedAt, int Score, string? Comment, DateTimeOffset RatedAt);

    public sealed record MyRatings(string StaffId, string From, string To, string TimeZone, RatingSummary Mine, RatingSummary Service,
        IReadOnlyList<RatingItem> Items);

    public static IEndpointRouteBuilder MapRatingsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/staff/ratings", async (string? from, string? to, string? staffId, HttpContext http, IRatingStore ratings, IReportStore reports,
            IStaffStore staff, AuditLog audit, ReportClock clock, IOptions<ReportOptions> options, TimeProvider time, CancellationToken ct) =>
        {
            var me = StaffAuthentication.IdentityOf(http.User);
            var whose = await WhoseAsync(me, staffId, staff, ct);
            var period = ReportPeriod.Parse(from, to, null, clock.Zone, time.GetUtcNow(), options.Value.MaxDays);
            var mine = await ratings.ListRatedAsync(whose, period.Start, period.End, ct);
            var service = (await reports.ListConversationFactsAsync(period.Start, period.End, null, ct))
                .Where(f => f.RatingScore is not null).Select(f => f.RatingScore!.Value).ToList();
            var (fromText, toText) = (Day(period.From), Day(period.To));
            await audit.RecordAsync(me, AuditActions.RatingsViewed, whose, $"from={fromText} to={toText}", ct);
            http.Response.Headers.CacheControl = "no-store";
            return Results.Ok(new MyRatings(whose, fromText, toText, clock.Zone.Id,
                Summarise(mine.Select(r => r.Score).ToList()), Summarise(service),
                mine.Take(MaxItems).Select(r => new RatingItem(r.ConversationId, r.QueueId, r.CreatedAt, r.Score, r.Comment, r.RatedAt)).ToList()));
        }).RequireAuthorization(StaffPolicies.Chat);
        return app;
    }

    /// <summary>Counts per score (index 0 is score 1) and the mean rounded to two places; no ratings, no average.</summary>
    public static RatingSummary Summarise(IReadOnlyList<int> scores) => new(
        scores.Count,
        scores.Count == 0 ? null : Math.Round(scores.Average(), 2),
        Enumerable.Range(1, 5).Select(score => scores.Count(s => s == score)).ToList());

    private static async Task<string> WhoseAsync(StaffIdentity me, string? staffId, IStaffStore staff, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(staffId) || staffId == me.Id)
            return me.Id;
        if (!me.IsAdmin)
            throw new ChatException(ErrorCodes.Forbidden, "Librarians see only their own ratings.");
        var id = ChatInput.Id(staffId, "staffId");
        return (await staff.FindAsync(id, ct))?.Id ?? throw new ChatException(ErrorCodes.NotFound, "No staff account has this id.");
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
