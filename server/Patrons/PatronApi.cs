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
        IReadOnlyList<PatronVisit> History, PatronTimeline Timeline)
    {
        /// <summary>Who this visitor is as a patron: all their visitor ids, the imported record, the merges (docs/crm.md#identified-patrons).</summary>
        public PatronIdentityView? Identity { get; init; }
    }

    public sealed record PatronIdentityView(string ProfileKey, IReadOnlyList<string> VisitorIds, PatronRecord? Record, IReadOnlyList<PatronMerge> Merges);

    public sealed record KeyPatronInput(bool? KeyPatron);

    public static IEndpointRouteBuilder MapPatronApi(this IEndpointRouteBuilder app)
    {
        var patrons = app.MapGroup("/api/staff/patrons").RequireAuthorization(StaffPolicies.Chat).AddEndpointFilter(StaffApi.RequireAntiforgeryOnWrites);
        var reading = app.MapGroup("/api/staff/patrons").RequireAuthorization(StaffPolicies.ChatRecords);

        reading.MapGet("/{visitorId}", async (string visitorId, HttpContext http, PatronIdentity identities, IVisitorStore visitors,
            PatronTimelineBuilder timeline, AuditLog audit, IOptions<SegmentOptions> segments, TimeProvider time, CancellationToken ct) =>
        {
            var me = StaffAuthentication.IdentityOf(http.User);
            var (id, identity, history) = await AuthorizeAsync(me, visitorId, identities, ct);
            var visitor = await visitors.FindAsync(id, ct);
            await audit.RecordAsync(me, AuditActions.PatronViewed, id, null, ct);
            // Scores, segment and history cover every visitor id of the patron (devices and merged duplicates).
            var scores = Segmentation.Score(history.Select(c => new ChatVisit(c.CreatedAt, c.Duration)), time.GetUtcNow(), segments.Value);
            var details = await identities.DetailsAsync(identity, ct);
            var keyPatron = visitor?.KeyPatron == true || await identities.IsKeyPatronAsync(identity, ct);
            return Results.Ok(new PatronProfile(id, details == PatronDetails.Empty ? history.FirstOrDefault()?.Patron ?? details : details, keyPatron,
                SegmentName(Segmentation.Classify(scores, segments.Value)), scores,
                history.Take(50).Select(c => new PatronVisit(c.Id, c.QueueId, c.State.ToString().ToLowerInvariant(), c.CreatedAt, c.ClosedAt,
                    c.Question, c.AssignedToName, c.Rating?.Score)).ToList(),
                await timeline.BuildAsync(identity.VisitorIds.Contains(id) ? identity.VisitorIds : [id, .. identity.VisitorIds], history, ct))
            {
                Identity = new PatronIdentityView(identity.ProfileKey, identity.VisitorIds, identity.Record, identity.Merges),
            });
        });

        patrons.MapPut("/{visitorId}/key-patron", async (string visitorId, KeyPatronInput input, HttpContext http, PatronIdentity identities,
            IVisitorStore visitors, AuditLog audit, TimeProvider time, CancellationToken ct) =>
        {
            var me = StaffAuthentication.IdentityOf(http.User);
            var (id, identity, history) = await AuthorizeAsync(me, visitorId, identities, ct);
            var flag = input.KeyPatron ?? throw new ChatException(ErrorCodes.InvalidArgument, "keyPatron (true or false) is required.");
            var now = time.GetUtcNow();
            var visitor = await visitors.FindAsync(id, ct) ?? new Visitor(id, history.FirstOrDefault()?.Patron ?? PatronDetails.Empty, now, now);
            await visitors.UpsertAsync(visitor with { KeyPatron = flag }, ct);
            // The flag belongs to the patron: the other devices of the same patron follow.
            foreach (var other in identity.VisitorIds.Where(v => v != id))
                if (await visitors.FindAsync(other, ct) is { } device && device.KeyPatron != flag)
                    await visitors.UpsertAsync(device with { KeyPatron = flag }, ct);
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
    private static async Task<(string Id, PatronProfileIdentity Identity, IReadOnlyList<Conversation> History)> AuthorizeAsync(StaffIdentity me,
        string visitorId, PatronIdentity identities, CancellationToken ct)
    {
        var id = ChatInput.Id(visitorId, "visitorId");
        var identity = await identities.ResolveAsync(id, ct);
        var history = await identities.ConversationsAsync(identity, ct);
        if (history.Count == 0 || (!me.Oversees && !history.Any(c => c.IsOpen && c.AssignedToId == me.Id)))
            throw new ChatException(ErrorCodes.NotFound, "No patron of a chat you are handling has this id.");
        return (id, identity, history);
    }
}
