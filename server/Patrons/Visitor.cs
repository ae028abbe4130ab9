using AskLibrary.Chat.Contracts;

namespace AskLibrary.Patrons;

/// <summary>An anonymous visitor and whatever details they or the host page gave.</summary>
public sealed record Visitor(string Id, PatronDetails Details, DateTimeOffset CreatedAt, DateTimeOffset LastSeenAt);

public interface IVisitorStore
{
    Task<Visitor?> FindAsync(string visitorId, CancellationToken ct);

    Task UpsertAsync(Visitor visitor, CancellationToken ct);
}
