using System.Globalization;
using AskLibrary.Chat;
using AskLibrary.Chat.Contracts;
using Microsoft.AspNetCore.Antiforgery;

namespace AskLibrary.Staff;

/// <summary>The console's REST API (docs/protocol.md, REST): transcripts, canned responses, offline questions, staff accounts.</summary>
public static class StaffApi
{
    private const int PageSize = 25;

    /// <summary>A transcript as the history view shows it; <c>PatronAddress</c> only for admins and managers, when the queue keeps one.</summary>
    public sealed record TranscriptView(ChatSummary Chat, IReadOnlyList<ChatMessage> Messages, string? PatronAddress);

    public static IEndpointRouteBuilder MapStaffApi(this IEndpointRouteBuilder app)
    {
        var staff = app.MapGroup("/api/staff").RequireAuthorization(StaffPolicies.Chat).AddEndpointFilter(RequireAntiforgeryOnWrites);

        staff.MapGet("/me", (HttpContext http, ChatService chat) =>
        {
            var me = StaffAuthentication.IdentityOf(http.User);
            return Results.Ok(new { staffId = me.Id, displayName = me.DisplayName, role = me.Role });
        });

        // Reading transcripts: librarians, and managers and admins overseeing the service (read-only).
        var records = app.MapGroup("/api/staff").RequireAuthorization(StaffPolicies.ChatRecords);

        records.MapGet("/transcripts", async (HttpContext http, IConversationStore store, AuditLog audit, string? from, string? to, string? queue, string? q, int? page, CancellationToken ct) =>
        {
            var pageNumber = Math.Max(1, page ?? 1);
            var query = new TranscriptQuery(
                ParseDate(from, "from"), ParseDate(to, "to")?.AddDays(1),
                string.IsNullOrWhiteSpace(queue) ? null : ChatInput.Id(queue, "queue"),
                ChatInput.OptionalText(q, "q", 200), (pageNumber - 1) * PageSize, PageSize);
            var (items, total) = await store.SearchAsync(query, ct);
            await audit.RecordAsync(StaffAuthentication.IdentityOf(http.User), AuditActions.TranscriptsSearched, "transcripts",
                $"from={from} to={to} queue={queue} q={query.Text} page={pageNumber}", ct);
            return Results.Ok(new TranscriptPage(items.Select(Transcripts.ToSummary).ToList(), total, pageNumber, PageSize));
        });

        records.MapGet("/transcripts/{id}", async (string id, HttpContext http, IConversationStore store, AuditLog audit, CancellationToken ct) =>
        {
            var me = StaffAuthentication.IdentityOf(http.User);
            var c = await store.FindAsync(ChatInput.Id(id, "id"), ct) ?? throw new ChatException(ErrorCodes.NotFound, "No such transcript.");
            // The patron's network address is for admins and managers only (abuse, service planning), and on record as such.
            var address = me.Oversees ? c.PatronAddress : null;
            await audit.RecordAsync(me, AuditActions.TranscriptViewed, c.Id, address is null ? null : "with patron address", ct);
            var messages = await store.ListMessagesAsync(c.Id, 0, includeNotes: true, ct);
            return Results.Ok(new TranscriptView(Transcripts.ToSummary(c), messages.Select(m => m.ToContract()).ToList(), address));
        });

        staff.MapGet("/canned", async (HttpContext http, ICannedResponseStore store, CancellationToken ct) =>
            Results.Ok((await store.ListForAsync(StaffAuthentication.IdentityOf(http.User).Id, ct)).Select(ToContract)));

        staff.MapPost("/canned", async (HttpContext http, CannedResponseInput input, ICannedResponseStore store, TimeProvider time, CancellationToken ct) =>
        {
            var me = StaffAuthentication.IdentityOf(http.User);
            var record = Validate(input, me, Ids.New("cr"), time);
            await store.SaveAsync(record, ct);
            return Results.Created($"/api/staff/canned/{record.Id}", ToContract(record));
        });

        staff.MapPut("/canned/{id}", async (string id, HttpContext http, CannedResponseInput input, ICannedResponseStore store, TimeProvider time, CancellationToken ct) =>
        {
            var me = StaffAuthentication.IdentityOf(http.User);
            var existing = await FindEditableAsync(store, id, me, ct);
            var record = Validate(input, me, existing.Id, time);
            await store.SaveAsync(record, ct);
            return Results.Ok(ToContract(record));
        });

        staff.MapDelete("/canned/{id}", async (string id, HttpContext http, ICannedResponseStore store, CancellationToken ct) =>
        {
            var existing = await FindEditableAsync(store, id, StaffAuthentication.IdentityOf(http.User), ct);
            await store.DeleteAsync(existing.Id, ct);
            return Results.NoContent();
        });

        // Kept for older consoles: the widget's questions, now tickets, in the old shape, newest first (patron emails: audited).
        staff.MapGet("/offline-questions", async (HttpContext http, Tickets.TicketService tickets, AuditLog audit, CancellationToken ct) =>
        {
            var me = StaffAuthentication.IdentityOf(http.User);
            await audit.RecordAsync(me, AuditActions.OfflineQuestionsListed, "offline-questions", null, ct);
            return Results.Ok((await tickets.ListAsync(me, null, mine: false, overdue: false))
                .Where(t => t.Source == Tickets.TicketSource.Patron).OrderByDescending(t => t.CreatedAt)
                .Select(t => new OfflineQuestion(t.Id, t.QueueId, t.Question, t.Email, t.Name, t.CreatedAt, t.Status.ToString().ToLowerInvariant())));
        });

        return app;
    }

    /// <summary>Writes need the anti-forgery header as well as the cookie, so another site cannot post on a librarian's behalf.</summary>
    internal static async ValueTask<object?> RequireAntiforgeryOnWrites(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (!HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method)
            && !await http.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(http))
            throw new ChatException(ErrorCodes.Forbidden, "Missing or invalid anti-forgery token; reload the console.");
        return await next(context);
    }

    private static CannedResponseRecord Validate(CannedResponseInput? input, StaffIdentity me, string id, TimeProvider time)
    {
        if (input is null)
            throw new ChatException(ErrorCodes.InvalidArgument, "A body is required.");
        if (input.Shared && !me.IsAdmin)
            throw new ChatException(ErrorCodes.Forbidden, "Only admins can create shared responses.");
        return new CannedResponseRecord(id,
            ChatInput.Text(input.Title, "title", ChatInput.MaxTitleLength),
            ChatInput.Text(input.Text, "text", ChatInput.MaxMessageLength),
            input.Shared ? null : me.Id, time.GetUtcNow());
    }

    private static async Task<CannedResponseRecord> FindEditableAsync(ICannedResponseStore store, string id, StaffIdentity me, CancellationToken ct)
    {
        var existing = await store.FindAsync(ChatInput.Id(id, "id"), ct);
        if (existing is null || (existing.OwnerId is not null && existing.OwnerId != me.Id))
            throw new ChatException(ErrorCodes.NotFound, "No such canned response.");
        if (existing.OwnerId is null && !me.IsAdmin)
            throw new ChatException(ErrorCodes.Forbidden, "Only admins can change shared responses.");
        return existing;
    }

    private static CannedResponse ToContract(CannedResponseRecord r) => new(r.Id, r.Title, r.Text, r.OwnerId);

    internal static DateTimeOffset? ParseDate(string? value, string field) => string.IsNullOrWhiteSpace(value)
        ? null
        : DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero)
            : throw new ChatException(ErrorCodes.InvalidArgument, $"{field} must be a date like 2026-11-24.");
}
