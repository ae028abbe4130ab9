using AskLibrary.Chat.Contracts;

namespace AskLibrary.Patrons;

/// <summary>An anonymous visitor and whatever details they or the host page gave.</summary>
public sealed record Visitor(string Id, PatronDetails Details, DateTimeOffset CreatedAt, DateTimeOffset LastSeenAt)
{
    /// <summary>Set by staff: a patron the library wants to keep especially well (shown in the console).</summary>
    public bool KeyPatron { get; init; }
}

/// <summary>A visitor staff blocked for a limited time (abuse), with the reason for the record.</summary>
public sealed record VisitorBlock(string VisitorId, DateTimeOffset Until, string Reason, string BlockedBy, DateTimeOffset At);

public interface IVisitorStore
{
    Task SaveBlockAsync(VisitorBlock block, CancellationToken ct);

    Task RemoveBlockAsync(string visitorId, CancellationToken ct);

    /// <summary>Blocks that have not expired at <paramref name="now"/>.</summary>
    Task<IReadOnlyList<VisitorBlock>> ListBlocksAsync(DateTimeOffset now, CancellationToken ct);

    Task<Visitor?> FindAsync(string visitorId, CancellationToken ct);

    Task UpsertAsync(Visitor visitor, CancellationToken ct);
}
