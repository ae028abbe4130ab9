using System.Text.RegularExpressions;
using AskLibrary.Chat;
using AskLibrary.Chat.Contracts;

namespace AskLibrary.Staff;

/// <summary>Staff accounts, blocks and patron data requests, for admins only (the audit log also for managers). Password hashes never leave the server.</summary>
public static partial class AdminApi
{
    public sealed record StaffAccountView(string Id, string UserName, string DisplayName, string Role, IReadOnlyList<string> Queues, int? Capacity, bool Disabled, string? Email);

    public sealed record NewStaffAccount(string? UserName, string? DisplayName, string? Role, string? Password, List<string>? Queues, int? Capacity, string? Email = null);

    private const int AuditPageSize = 50;

    public static IEndpointRouteBuilder MapAdminApi(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/admin").RequireAuthorization(StaffPolicies.Admin).AddEndpointFilter(StaffApi.RequireAntiforgeryOnWrites);

        admin.MapGet("/staff", async (IStaffStore store, CancellationToken ct) =>
            Results.Ok((await store.ListAsync(ct)).Select(ToView)));

        admin.MapPost("/staff", async (NewStaffAccount input, IStaffStore store, TimeProvider time, CancellationToken ct) =>
        {
            var account = Validate(input, time);
            if (!await store.AddAsync(account, ct))
                throw new ChatException(ErrorCodes.InvalidState, "That user name is taken.");
            return Results.Created($"/api/admin/staff/{account.Id}", ToView(account));
        });
        admin.MapGet("/blocks", async (HttpContext http, Patrons.IVisitorStore visitors, AuditLog audit, TimeProvider time, CancellationToken ct) =>
        {
            await audit.RecordAsync(StaffAuthentication.IdentityOf(http.User), AuditActions.BlocksListed, "blocks", null, ct);
            return Results.Ok(await visitors.ListBlocksAsync(time.GetUtcNow(), ct));
        });

        // A patron's data on request: export (JSON, with an audit entry) and erasure (anonymise every finished chat and ticket, empty the profile).
        admin.MapGet("/patrons/{visitorId}/export", async (string visitorId, HttpContext http, Patrons.PatronPrivacy privacy, AuditLog audit, CancellationToken ct) =>
        {
            var export = await privacy.ExportAsync(visitorId, ct);
            await audit.RecordAsync(StaffAuthentication.IdentityOf(http.User), AuditActions.PatronExported, export.VisitorId, null, ct);
            return Results.Ok(export);
        });
        admin.MapDelete("/patrons/{visitorId}", async (string visitorId, HttpContext http, Patrons.PatronPrivacy privacy, AuditLog audit, CancellationToken ct) =>
        {
            var erased = await privacy.EraseAsync(visitorId, ct);
            await audit.RecordAsync(StaffAuthentication.IdentityOf(http.User), AuditActions.PatronErased, visitorId, $"chats={erased.Chats} tickets={erased.Tickets}", ct);
            return Results.Ok(new { anonymisedChats = erased.Chats, anonymisedTickets = erased.Tickets });
        });

        admin.MapDelete("/blocks/{visitorId}", async (string visitorId, ChatService chat) =>
        {
            await chat.UnblockVisitorAsync(visitorId);
            return Results.NoContent();
        });

        // Who viewed patron data (admins and managers, outside the admin-only group): newest first, 50 a page; filters by date (yyyy-MM-dd, inclusive), staff id and record id.
        app.MapGet("/api/admin/audit", async (IAuditStore store, string? from, string? to, string? staffId, string? subjectId, int? page, CancellationToken ct) =>
        {
            var pageNumber = Math.Max(1, page ?? 1);
            var query = new AuditQuery(
                StaffApi.ParseDate(from, "from"), StaffApi.ParseDate(to, "to")?.AddDays(1),
                string.IsNullOrWhiteSpace(staffId) ? null : ChatInput.Id(staffId, "staffId"),
                string.IsNullOrWhiteSpace(subjectId) ? null : ChatInput.Id(subjectId, "subjectId"),
                (pageNumber - 1) * AuditPageSize, AuditPageSize);
            var (items, total) = await store.ListAsync(query, ct);
            return Results.Ok(new { items, total, page = pageNumber, pageSize = AuditPageSize });
        }).RequireAuthorization(StaffPolicies.Oversight);
        return app;
    }

    public static StaffAccount Validate(NewStaffAccount? input, TimeProvider time)
    {
        if (input is null)
            throw new ChatException(ErrorCodes.InvalidArgument, "A body is required.");
        var userName = ChatInput.Text(input.UserName, "userName", 64);
        if (!UserNamePattern().IsMatch(userName))
            throw new ChatException(ErrorCodes.InvalidArgument, "userName may use letters, digits, '.', '_' and '-'.");
        var role = input.Role is { } r && StaffRoles.All.Contains(r) ? r
            : throw new ChatException(ErrorCodes.InvalidArgument, "role must be librarian, editor, manager or admin.");
        var password = input.Password ?? "";
        if (password.Length is < 10 or > 200)
            throw new ChatException(ErrorCodes.InvalidArgument, "password must be 10–200 characters.");
        if (input.Capacity is < 1 or > 20)
            throw new ChatException(ErrorCodes.InvalidArgument, "capacity must be between 1 and 20.");
        return new StaffAccount
        {
            Id = Ids.New("s"),
            UserName = userName,
            DisplayName = ChatInput.Text(input.DisplayName, "displayName", ChatInput.MaxNameLength),
            Role = role,
            PasswordHash = StaffAuthentication.HashPassword(password),
            Queues = (input.Queues ?? []).Select(q => ChatInput.Id(q, "queues")).Distinct().ToList(),
            Capacity = input.Capacity,
            Email = ChatInput.OptionalEmail(input.Email),
            CreatedAt = time.GetUtcNow(),
        };
    }

    private static StaffAccountView ToView(StaffAccount a) => new(a.Id, a.UserName, a.DisplayName, a.Role, a.Queues, a.Capacity, a.Disabled, a.Email);

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    private static partial Regex UserNamePattern();
}
