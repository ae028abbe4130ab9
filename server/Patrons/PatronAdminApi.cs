using AskLibrary.Chat;
using AskLibrary.Chat.Contracts;
using AskLibrary.Staff;

namespace AskLibrary.Patrons;

/// <summary>
/// Admins manage identified patrons: import the library system's records from CSV, review likely duplicates, merge
/// two profiles and undo a merge, erase an imported record on request. docs/crm.md explains why merging is for
/// admins only (it changes what every later profile, export and erasure covers).
/// </summary>
public static class PatronAdminApi
{
    public sealed record MergeInput(string? TargetKey, string? SourceKey);

    /// <summary>A profile as the duplicate list shows it: enough to tell two people apart, nothing more.</summary>
    public sealed record ProfileSummary(string ProfileKey, string? Name, string? Email, string? CardNumber, string? Phone, int Visitors, int Chats,
        DateTimeOffset? LastChatAt, IReadOnlyList<string> VisitorIds);

    public sealed record DuplicateSuggestion(string Reason, string Value, IReadOnlyList<ProfileSummary> Profiles);

    private const int DuplicatesListed = 50;

    public static IEndpointRouteBuilder MapPatronAdminApi(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/admin/patrons").RequireAuthorization(StaffPolicies.Admin).AddEndpointFilter(StaffApi.RequireAntiforgeryOnWrites);

        // text/csv (or text/plain) as the body, or multipart/form-data with one file; ?dryRun=true only reports.
        admin.MapPost("/import", async (HttpContext http, bool? dryRun, PatronImport import, AuditLog audit, CancellationToken ct) =>
        {
            var csv = PatronImport.Decode(await ReadUploadAsync(http.Request, ct));
            var report = await import.ImportAsync(csv, dryRun ?? false, ct);
            if (report.Imported)
                await audit.RecordAsync(StaffAuthentication.IdentityOf(http.User), AuditActions.PatronsImported, "patron_records",
                    $"created={report.Created} updated={report.Updated} unchanged={report.Unchanged}", ct);
            if (report.Rejected.Count > 0 && !report.DryRun)
                return Results.Json(new
                {
                    type = ErrorCodes.InvalidArgument,
                    title = ErrorCodes.InvalidArgument,
                    status = 400,
                    detail = $"{report.Rejected.Count} rows rejected; nothing was imported.",
                    report,
                }, statusCode: 400, contentType: "application/problem+json");
            return Results.Ok(report);
        });

        admin.MapGet("/duplicates", async (HttpContext http, IPatronDirectory directory, PatronIdentity identity, AuditLog audit, CancellationToken ct) =>
        {
            await audit.RecordAsync(StaffAuthentication.IdentityOf(http.User), AuditActions.PatronDuplicatesListed, "patrons", null, ct);
            return Results.Ok(await DuplicatesAsync(directory, identity, ct));
        });

        admin.MapPost("/merges", async (MergeInput input, HttpContext http, PatronIdentity identity, CancellationToken ct) =>
        {
            var target = PatronIdentity.ParseKey(input.TargetKey, "targetKey");
            var source = PatronIdentity.ParseKey(input.SourceKey, "sourceKey");
            var merge = await identity.MergeAsync(StaffAuthentication.IdentityOf(http.User), target, source, ct);
            return Results.Created($"/api/admin/patrons/merges/{merge.Id}", merge);
        });

        // The merges in force, newest first (the console lists them with an undo button). Keys name patrons: audited.
        admin.MapGet("/merges", async (HttpContext http, IPatronDirectory directory, AuditLog audit, CancellationToken ct) =>
        {
            await audit.RecordAsync(StaffAuthentication.IdentityOf(http.User), AuditActions.PatronMergesListed, "patrons", null, ct);
            return Results.Ok(await directory.ListActiveMergesAsync(100, ct));
        });

        admin.MapDelete("/merges/{id}", async (string id, HttpContext http, PatronIdentity identity, CancellationToken ct) =>
            Results.Ok(await identity.UnmergeAsync(StaffAuthentication.IdentityOf(http.User), id, ct)));

        // Erasure of a patron known only by card number (an imported record, perhaps with no chat at all).
        admin.MapDelete("/records/{cardNumber}", async (string cardNumber, HttpContext http, PatronIdentity identity, PatronPrivacy privacy, AuditLog audit, CancellationToken ct) =>
        {
            var key = PatronIdentity.ParseKey(PatronKeys.CardPrefix + cardNumber, "cardNumber");
            var profile = await identity.ResolveKeyAsync(key, ct);
            var erased = await privacy.EraseProfileAsync(profile, ct);
            await audit.RecordAsync(StaffAuthentication.IdentityOf(http.User), AuditActions.PatronErased, profile.VisitorIds.FirstOrDefault() ?? "patron_record",
                $"chats={erased.Chats} tickets={erased.Tickets} visitors={profile.VisitorIds.Count} records={profile.Records.Count}", ct);
            return Results.Ok(new { anonymisedChats = erased.Chats, anonymisedTickets = erased.Tickets, visitors = profile.VisitorIds.Count, records = profile.Records.Count });
        });
        return app;
    }

    private static async Task<byte[]> ReadUploadAsync(HttpRequest request, CancellationToken ct)
    {
        // Kestrel's own limit (30 MB) is far above what an import may be; a body without Content-Length stops here.
        if (request.HttpContext.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = PatronImport.MaxBytes + 64 * 1024;
        if (request.ContentLength > PatronImport.MaxBytes + 64 * 1024)
            throw new ChatException(ErrorCodes.TooLarge, $"The file is larger than {PatronImport.MaxBytes / (1024 * 1024)} MB; split it.");
        Stream source;
        if (request.HasFormContentType && request.ContentType!.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase))
        {
            var form = await request.ReadFormAsync(ct);
            if (form.Files.Count != 1)
                throw new ChatException(ErrorCodes.InvalidArgument, "Send exactly one CSV file.");
            source = form.Files[0].OpenReadStream();
        }
        else if (request.ContentType is { } type && (type.StartsWith("text/csv", StringComparison.OrdinalIgnoreCase) || type.StartsWith("text/plain", StringComparison.OrdinalIgnoreCase)))
            source = request.Body;
        else
            throw new ChatException(ErrorCodes.InvalidArgument, "Send the file as text/csv or as multipart/form-data.");
        await using (source)
        {
            // Read one byte past the limit so a body without a Content-Length is refused too.
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = await source.ReadAsync(chunk, ct)) > 0)
            {
                buffer.Write(chunk, 0, read);
                if (buffer.Length > PatronImport.MaxBytes)
                    throw new ChatException(ErrorCodes.TooLarge, $"The file is larger than {PatronImport.MaxBytes / (1024 * 1024)} MB; split it.");
            }
            return buffer.ToArray();
        }
    }

    /// <summary>Values shared by profiles that are still apart, each with a short summary of every profile involved.</summary>
    private static async Task<IReadOnlyList<DuplicateSuggestion>> DuplicatesAsync(IPatronDirectory directory, PatronIdentity identity, CancellationToken ct)
    {
        var suggestions = new List<DuplicateSuggestion>();
        foreach (var shared in await directory.ListSharedValuesAsync(DuplicatesListed * 4, ct))
        {
            var keys = new List<string>();
            foreach (var visitorId in shared.VisitorIds)
                keys.Add(await identity.KeyOfVisitorAsync(visitorId, ct));
            keys.AddRange(shared.CardKeys.Select(PatronKeys.ForCard));
            var profiles = new List<PatronProfileIdentity>();
            foreach (var key in keys.Distinct())
            {
                var profile = await identity.ResolveKeyAsync(key, ct);
                if (profiles.All(p => p.ProfileKey != profile.ProfileKey))
                    profiles.Add(profile);
            }
            if (profiles.Count < 2)
                continue;
            var summaries = new List<ProfileSummary>();
            foreach (var p in profiles)
                summaries.Add(await SummaryAsync(p, identity, ct));
            suggestions.Add(new DuplicateSuggestion(shared.Kind, shared.Value, summaries));
            if (suggestions.Count == DuplicatesListed)
                break;
        }
        return suggestions;
    }

    private static async Task<ProfileSummary> SummaryAsync(PatronProfileIdentity p, PatronIdentity identity, CancellationToken ct)
    {
        var chats = await identity.ConversationsAsync(p, ct);
        var details = await identity.DetailsAsync(p, ct);
        return new ProfileSummary(p.ProfileKey, details.Name, details.Email, details.CardNumber, p.Record?.Phone, p.VisitorIds.Count, chats.Count,
            chats.FirstOrDefault()?.CreatedAt, p.VisitorIds);
    }
}
