namespace AskLibrary.Staff;

/// <summary>A staff member who signs in: librarian, editor, manager or admin.</summary>
public sealed record StaffAccount
{
    public required string Id { get; init; }
    public required string UserName { get; init; }
    public required string DisplayName { get; init; }
    public required string Role { get; init; }
    public required string PasswordHash { get; init; }
    /// <summary>Queues this librarian serves; empty means all.</summary>
    public IReadOnlyList<string> Queues { get; init; } = [];
    /// <summary>Active chats at once; null means the configured default.</summary>
    public int? Capacity { get; init; }
    public bool Disabled { get; init; }
    /// <summary>Where ticket reminders go; without it they go to AskLibrary:Tickets:DeskEmail.</summary>
    public string? Email { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>
/// Role names; least privilege: editors curate the knowledge base and never see chats; managers read reports,
/// transcripts, patron profiles, tickets and the audit log, but neither chat nor change anything (docs/operations.md).
/// </summary>
public static class StaffRoles
{
    public const string Librarian = "librarian";
    public const string Editor = "editor";
    public const string Manager = "manager";
    public const string Admin = "admin";

    public static readonly IReadOnlyList<string> All = [Librarian, Editor, Manager, Admin];

    /// <summary>Librarians and admins take chats; editors and managers do not.</summary>
    public static bool CanChat(string role) => role is Librarian or Admin;

    /// <summary>Admins and managers oversee the service: every queue's records, every patron, reports and the audit log.</summary>
    public static bool Oversees(string role) => role is Manager or Admin;
}

public interface IStaffStore
{
    Task<StaffAccount?> FindAsync(string id, CancellationToken ct);

    Task<StaffAccount?> FindByUserNameAsync(string userName, CancellationToken ct);

    Task<IReadOnlyList<StaffAccount>> ListAsync(CancellationToken ct);

    /// <summary>Adds an account; false when the user name is taken.</summary>
    Task<bool> AddAsync(StaffAccount account, CancellationToken ct);

    Task ReplaceAsync(StaffAccount account, CancellationToken ct);

    Task<bool> AnyAsync(CancellationToken ct);
}
