using AskLibrary.Chat;
using AskLibrary.Chat.Contracts;
using AskLibrary.Staff;
using Microsoft.Extensions.Options;

namespace AskLibrary.Patrons;

/// <summary>
/// A patron's profile beside a chat: details, key-patron flag, recency/frequency/effort scores, segment,
/// previous conversations and the timeline of every interaction. Librarians see it only for a patron whose open
/// chat is assigned to them; admins and managers (read-only) for anyone. Every view is audited.
/// </summary>
public static class PatronApi
{
    public sealed record PatronVisit(string ConversationId, string QueueId, string State, DateTimeOffset CreatedAt, DateTimeOffset? ClosedAt,
        string Question, string? Librarian, int? Rating);

    public sealed record PatronProfile(string VisitorId, PatronDetails Details, bool KeyPatron, string Segment, PatronScores Scores,
        IReadOnlyList<PatronVisit> History, PatronTimeline Timeline);

    public sealed record KeyPatronInput(bool? KeyPatron);

    public static IEndpointRouteBuilder MapPatronApi(this IEndpointRouteBuilder app)
    {
        var patrons = app.MapGroup("/api/staff/patrons").RequireAuthorization(StaffPolicies.Chat).AddEndpointFilter(StaffApi.RequireAntiforgeryOnWrites);
        var reading = app.MapGroup("/api/staff/patrons").RequireAuthorization(StaffPolicies.ChatRecords);

        reading.MapGet("/{visitorId}", async (string visitorId, HttpContext http, IConversationStore conversations, IVisitorStore visitors,
            PatronTimelineBuilder timeline, AuditLog audit, IOptions<SegmentOptions> segments, TimeProvider time, CancellationToken ct) =>
        {
            var me = StaffAuthentication.IdentityOf(http.User);
            var (id, history) = await AuthorizeAsync(me, visitorId, conversations, ct);
            var visitor = await visitors.FindAsync(id, ct);
            await audit.RecordAsync(me, AuditActions.PatronViewed, id, null, ct);
            var scores = Segmentation.Score(history.Select(c => new ChatVisit(c.CreatedAt, c.Duration)), time.GetUtcNow(), segments.Value);
            return Results.Ok(new PatronProfile(id, visitor?.Details ?? history.FirstOrDefault()?.Patron ?? PatronDetails.Empty, visitor?.KeyPatron ?? false,
                SegmentName(Segmentation.Classify(scores, segments.Value)), scores,
                history.Take(50).Select(c => new PatronVisit(c.Id, c.QueueId, c.State.ToString().ToLowerInvariant(), c.CreatedAt, c.ClosedAt,
                    c.Question, c.AssignedToName, c.Rating?.Score)).ToList(),
                await timeline.BuildAsync(id, history, ct)));
        });

        patrons.MapPut("/{visitorId}/key-patron", async (string visitorId, KeyPatronInput input, HttpContext http, IConversationStore conversations,
            IVisitorStore visitors, AuditLog audit, TimeProvider time, CancellationToken ct) =>
        {
            var me = StaffAuthentication.IdentityOf(http.User);
            var (id, history) = await AuthorizeAsync(me, visitorId, conversations, ct);
            var flag = input.KeyPatron ?? throw new ChatException(ErrorCodes.InvalidArgument, "keyPatron (true or false) is required.");
            var now = time.GetUtcNow();
            var visitor = await visitors.FindAsync(id, ct) ?? new Visitor(id, history.FirstOrDefault()?.Patron ?? PatronDetails.Empty, now, now);
            await visitors.UpsertAsync(visitor with { KeyPatron = flag }, ct);
            await audit.RecordAsync(me, AuditActions.KeyPatronSet, id, flag ? "on" : "off", ct);
            return Results.NoContent();
        });
        return app;
    }

    public static string SegmentName(Segment segment) => segment switch
    {
        Segment.LongTerm => "long_term",
        _ => segment.ToString().ToLowerInvariant(),
    };

    /// <summary>
    /// Admins and managers see any patron; a librarian only one whose open chat they are handling — for anyone else the answer is
    /// the same not_found as for an unknown id, so the API does not even tell whether a visitor exists.
    /// </summary>
    private static async Task<(string Id, IReadOnlyList<Conversation> History)> AuthorizeAsync(StaffIdentity me, string visitorId,
        IConversationStore conversations, CancellationToken ct)
    {
        var id = ChatInput.Id(visitorId, "visitorId");
        var history = await conversations.ListForVisitorAsync(id, ct);
        if (history.Count == 0 || (!me.Oversees && !history.Any(c => c.IsOpen && c.AssignedToId == me.Id)))
            throw new ChatException(ErrorCodes.NotFound, "No patron of a chat you are handling has this id.");
        return (id, history);
    }
}
