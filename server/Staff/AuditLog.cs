using AskLibrary.Chat;

namespace AskLibrary.Staff;

/// <summary>One look at patron data by a staff member: who, when, what kind of data, which record.</summary>
public sealed record AuditEntry(
    string Id,
    DateTimeOffset At,
    string StaffId,
    string StaffName,
    string Role,
    string Action,
    string SubjectId,
    string? Detail);

public sealed record AuditQuery(DateTimeOffset? From, DateTimeOffset? To, string? StaffId, string? SubjectId, int Skip, int Take);

public interface IAuditStore
{
    Task AddAsync(AuditEntry entry, CancellationToken ct);

    /// <summary>Newest first; entries of the same instant in the order they were written, latest first.</summary>
    Task<(IReadOnlyList<AuditEntry> Items, int Total)> ListAsync(AuditQuery query, CancellationToken ct);
}

/// <summary>The actions written to the audit log; docs/operations.md lists them.</summary>
public static class AuditActions
{
    public const string TranscriptViewed = "transcript.viewed";
    public const string TranscriptsSearched = "transcripts.searched";
    public const string ChatOpened = "chat.opened";
    public const string OfflineQuestionsListed = "offline_questions.listed";
    public const string DraftFromChat = "kb.draft_from_chat";
    public const string KnowledgeGapsViewed = "kb.gaps_viewed";
    public const string BlocksListed = "blocks.listed";
    public const string PatronExported = "patron.exported";
    public const string PatronErased = "patron.erased";
    public const string PatronViewed = "patron.viewed";
    public const string TicketsListed = "tickets.listed";
    public const string TicketViewed = "ticket.viewed";
    public const string KeyPatronSet = "patron.key_patron_set";
    public const string PatronsMerged = "patron.merged";
    public const string PatronsUnmerged = "patron.unmerged";
    public const string PatronsImported = "patrons.imported";
    public const string PatronDuplicatesListed = "patrons.duplicates_listed";
    public const string PatronMergesListed = "patrons.merges_listed";
    public const string RatingsViewed = "ratings.viewed";
}

/// <summary>
/// Writes who viewed patron data (transcripts, contact details, patron questions) before the data is returned,
/// so a view that is answered is always on record. Admins read it through GET /api/admin/audit.
/// </summary>
public sealed class AuditLog(IAuditStore store, TimeProvider time)
{
    public Task RecordAsync(StaffIdentity who, string action, string subjectId, string? detail, CancellationToken ct)
    {
        var at = time.GetUtcNow();
        return store.AddAsync(new AuditEntry(Ids.Ordered("au", at), at, who.Id, who.DisplayName, who.Role, action, subjectId,
            detail is { Length: > 200 } ? detail[..200] : detail), ct);
    }
}
