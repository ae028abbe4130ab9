namespace AskLibrary.Staff;

/// <summary>A reusable reply. OwnerId null means shared by everyone.</summary>
public sealed record CannedResponseRecord(string Id, string Title, string Text, string? OwnerId, DateTimeOffset UpdatedAt);

public interface ICannedResponseStore
{
    /// <summary>Shared responses and the ones owned by this staff member.</summary>
    Task<IReadOnlyList<CannedResponseRecord>> ListForAsync(string staffId, CancellationToken ct);

    Task<CannedResponseRecord?> FindAsync(string id, CancellationToken ct);

    Task SaveAsync(CannedResponseRecord response, CancellationToken ct);

    Task DeleteAsync(string id, CancellationToken ct);
}
