namespace AskLibrary.Patrons;

/// <summary>
/// A patron as the library's own system knows them, imported from CSV (docs/crm.md#import). The card number,
/// normalized, is the key: a re-import updates the record with the same card.
/// </summary>
public sealed record PatronRecord(
    string CardNumber,
    string? Name,
    string? Email,
    string? Phone,
    string? PatronType,
    string? Department,
    DateOnly? Expires,
    DateTimeOffset ImportedAt,
    DateTimeOffset UpdatedAt)
{
    /// <summary>Same patron data, ignoring when it was imported: a re-import of an unchanged row changes nothing.</summary>
    public bool SameDataAs(PatronRecord other) =>
        CardNumber == other.CardNumber && Name == other.Name && Email == other.Email && Phone == other.Phone
        && PatronType == other.PatronType && Department == other.Department && Expires == other.Expires;
}

/// <summary>
/// Staff joined profile <see cref="SourceKey"/> into <see cref="TargetKey"/> (both profile keys, see <see cref="PatronKeys"/>).
/// Nothing is moved: the edge only changes how profiles are resolved, so undoing it is exact.
/// </summary>
public sealed record PatronMerge(string Id, string SourceKey, string TargetKey, DateTimeOffset At, string ByStaffId, string ByName)
{
    public DateTimeOffset? UndoneAt { get; init; }
    public string? UndoneBy { get; init; }
}

/// <summary>Imported patron records, the staff merges between profiles, and the visitors that carry a given card or email.</summary>
public interface IPatronDirectory
{
    Task<PatronRecord?> FindRecordAsync(string cardKey, CancellationToken ct);

    Task<IReadOnlyList<PatronRecord>> FindRecordsAsync(IReadOnlyCollection<string> cardKeys, CancellationToken ct);

    Task<IReadOnlyList<PatronRecord>> FindRecordsByEmailAsync(string emailKey, CancellationToken ct);

    /// <summary>Inserts or replaces every record in one transaction: all of them are stored, or none.</summary>
    Task SaveRecordsAsync(IReadOnlyList<PatronRecord> records, CancellationToken ct);

    Task DeleteRecordsAsync(IReadOnlyCollection<string> cardKeys, CancellationToken ct);

    /// <summary>Deletes records whose card expired before <paramref name="expiredBefore"/>; returns how many.</summary>
    Task<int> DeleteRecordsExpiredBeforeAsync(DateOnly expiredBefore, CancellationToken ct);

    /// <summary>Visitors whose normalized card number is <paramref name="cardKey"/> or, when they gave no card, whose normalized email is <paramref name="emailKey"/>.</summary>
    Task<IReadOnlyList<Visitor>> FindVisitorsAsync(string? cardKey, string? emailKey, CancellationToken ct);

    /// <summary>False when the source already has an active merge (someone merged it a moment ago).</summary>
    Task<bool> AddMergeAsync(PatronMerge merge, CancellationToken ct);

    Task<PatronMerge?> FindMergeAsync(string id, CancellationToken ct);

    Task<PatronMerge?> FindActiveMergeFromAsync(string sourceKey, CancellationToken ct);

    Task<IReadOnlyList<PatronMerge>> ListActiveMergesIntoAsync(string targetKey, CancellationToken ct);

    Task UndoMergeAsync(PatronMerge undone, CancellationToken ct);

    /// <summary>Active merges, newest first.</summary>
    Task<IReadOnlyList<PatronMerge>> ListActiveMergesAsync(int take, CancellationToken ct);

    /// <summary>Removes every merge (active or undone) that names one of these keys: used by erasure.</summary>
    Task DeleteMergesAsync(IReadOnlyCollection<string> keys, CancellationToken ct);

    /// <summary>Normalized values (email, phone, card) held by more than one visitor or record, with who holds them; at most <paramref name="take"/> values.</summary>
    Task<IReadOnlyList<SharedValue>> ListSharedValuesAsync(int take, CancellationToken ct);
}

/// <summary>A normalized email, phone or card number that several visitors or records carry.</summary>
public sealed record SharedValue(string Kind, string Value, IReadOnlyList<string> VisitorIds, IReadOnlyList<string> CardKeys);
