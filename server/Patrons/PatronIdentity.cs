using AskLibrary.Chat;
using AskLibrary.Chat.Contracts;
using AskLibrary.Staff;

namespace AskLibrary.Patrons;

/// <summary>
/// One patron, however many devices and merged duplicates: the profile key every member resolves to, every key
/// merged into it, every visitor id (device) identified by one of those keys, the imported records among them, and
/// the staff merges that joined them.
/// </summary>
public sealed record PatronProfileIdentity(
    string ProfileKey,
    IReadOnlyList<string> Keys,
    IReadOnlyList<string> VisitorIds,
    IReadOnlyList<PatronRecord> Records,
    IReadOnlyList<PatronMerge> Merges)
{
    /// <summary>The imported record of the profile's own key when it is a card, else the first one merged in.</summary>
    public PatronRecord? Record => Records.FirstOrDefault(r => PatronKeys.ForCard(r.CardNumber) == ProfileKey) ?? Records.FirstOrDefault();
}

/// <summary>
/// Resolves visitors to patrons (docs/crm.md#identified-patrons) and merges or unmerges profiles. A visitor is
/// identified by its card number, or by its email (through the imported record with that email when there is
/// exactly one), or else only by its visitor id; visitors with the same key are the same patron. Staff merges are
/// edges from one profile key to another; a profile is a root key plus everything that resolves to it.
/// PatronApi, PatronPrivacy and the timeline call <see cref="ResolveAsync"/> and then read each visitor id's data.
/// </summary>
public sealed class PatronIdentity(IPatronDirectory directory, IVisitorStore visitors, IConversationStore conversations, AuditLog audit, TimeProvider time)
{
    // Merges only ever point at roots, so chains stay short; the bound is a guard against a corrupted store.
    private const int MaxDepth = 64;
    private const int MaxKeys = 1000;

    /// <summary>The patron a visitor id belongs to (a visitor we never stored is a profile of its own).</summary>
    public async Task<PatronProfileIdentity> ResolveAsync(string visitorId, CancellationToken ct) =>
        await ResolveKeyAsync(await KeyOfVisitorAsync(visitorId, ct), ct);

    /// <summary>The patron a profile key belongs to: follows merges to the root, then collects everything under it.</summary>
    public async Task<PatronProfileIdentity> ResolveKeyAsync(string key, CancellationToken ct)
    {
        var root = await RootOfAsync(key, ct);
        var keys = new List<string> { root };
        var merges = new List<PatronMerge>();
        for (var i = 0; i < keys.Count && keys.Count < MaxKeys; i++)
        {
            foreach (var merge in await directory.ListActiveMergesIntoAsync(keys[i], ct))
            {
                merges.Add(merge);
                if (!keys.Contains(merge.SourceKey))
                    keys.Add(merge.SourceKey);
            }
        }
        var visitorIds = new List<string>();
        var records = new List<PatronRecord>();
        foreach (var k in keys)
        {
            var (ids, record) = await MembersOfKeyAsync(k, ct);
            visitorIds.AddRange(ids.Where(id => !visitorIds.Contains(id)));
            if (record is not null)
                records.Add(record);
        }
        return new PatronProfileIdentity(root, keys, visitorIds, records, merges.OrderBy(m => m.At).ToList());
    }

    /// <summary>Every conversation of the patron, newest first, over all of their visitor ids.</summary>
    public async Task<IReadOnlyList<Conversation>> ConversationsAsync(PatronProfileIdentity identity, CancellationToken ct)
    {
        var all = new List<Conversation>();
        foreach (var id in identity.VisitorIds)
            all.AddRange(await conversations.ListForVisitorAsync(id, ct));
        return all.OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id, StringComparer.Ordinal).ToList();
    }

    /// <summary>The patron's details: the imported record's where it has them, else what their visitors gave (earliest visitor first).</summary>
    public async Task<PatronDetails> DetailsAsync(PatronProfileIdentity identity, CancellationToken ct)
    {
        var record = identity.Record;
        var details = new PatronDetails(record?.Name, record?.Email, record?.CardNumber);
        foreach (var id in identity.VisitorIds)
        {
            if (details.Name is not null && details.Email is not null && details.CardNumber is not null)
                break;
            if (await visitors.FindAsync(id, ct) is { } v)
                details = new PatronDetails(details.Name ?? v.Details.Name, details.Email ?? v.Details.Email, details.CardNumber ?? v.Details.CardNumber);
        }
        return details;
    }

    /// <summary>A patron is a key patron when staff flagged any of their visitor ids.</summary>
    public async Task<bool> IsKeyPatronAsync(PatronProfileIdentity identity, CancellationToken ct)
    {
        foreach (var id in identity.VisitorIds)
            if (await visitors.FindAsync(id, ct) is { KeyPatron: true })
                return true;
        return false;
    }

    /// <summary>Joins the profile of <paramref name="sourceKey"/> into the profile of <paramref name="targetKey"/>, audited.</summary>
    public async Task<PatronMerge> MergeAsync(StaffIdentity me, string targetKey, string sourceKey, CancellationToken ct)
    {
        var target = await ResolveKeyAsync(targetKey, ct);
        var source = await ResolveKeyAsync(sourceKey, ct);
        if (target.VisitorIds.Count == 0 && target.Records.Count == 0 || source.VisitorIds.Count == 0 && source.Records.Count == 0)
            throw new ChatException(ErrorCodes.NotFound, "No patron has this key.");
        if (target.ProfileKey == source.ProfileKey)
            throw new ChatException(ErrorCodes.InvalidState, "These are already one patron.");
        var merge = new PatronMerge(Ids.New("pm"), source.ProfileKey, target.ProfileKey, time.GetUtcNow(), me.Id, me.DisplayName);
        if (!await directory.AddMergeAsync(merge, ct))
            throw new ChatException(ErrorCodes.InvalidState, "That patron was merged a moment ago; reload.");
        await audit.RecordAsync(me, AuditActions.PatronsMerged, merge.Id, $"visitors={source.VisitorIds.Count}+{target.VisitorIds.Count}", ct);
        return merge;
    }

    /// <summary>Undoes a merge exactly: the edge is marked undone, nothing else changed when it was made.</summary>
    public async Task<PatronMerge> UnmergeAsync(StaffIdentity me, string mergeId, CancellationToken ct)
    {
        var merge = await directory.FindMergeAsync(ChatInput.Id(mergeId, "mergeId"), ct)
            ?? throw new ChatException(ErrorCodes.NotFound, "No such merge.");
        if (merge.UndoneAt is not null)
            throw new ChatException(ErrorCodes.InvalidState, "This merge was already undone.");
        var undone = merge with { UndoneAt = time.GetUtcNow(), UndoneBy = me.DisplayName };
        await directory.UndoMergeAsync(undone, ct);
        await audit.RecordAsync(me, AuditActions.PatronsUnmerged, merge.Id, null, ct);
        return undone;
    }

    /// <summary>Checks a profile key from a request: "card:…", "email:…" or "visitor:…", or a bare visitor id.</summary>
    public static string ParseKey(string? value, string field)
    {
        if (value is null)
            throw new ChatException(ErrorCodes.InvalidArgument, $"{field} is required.");
        if (value.StartsWith(PatronKeys.CardPrefix, StringComparison.Ordinal))
            return PatronKeys.ForCard(PatronKeys.Card(ChatInput.Text(value[PatronKeys.CardPrefix.Length..], field, ChatInput.MaxCardNumberLength))!);
        if (value.StartsWith(PatronKeys.EmailPrefix, StringComparison.Ordinal))
            return PatronKeys.ForEmail(PatronKeys.Email(ChatInput.Email(value[PatronKeys.EmailPrefix.Length..]))!);
        if (value.StartsWith(PatronKeys.VisitorPrefix, StringComparison.Ordinal))
            return PatronKeys.ForVisitor(ChatInput.Id(value[PatronKeys.VisitorPrefix.Length..], field));
        return PatronKeys.ForVisitor(ChatInput.Id(value, field));
    }

    /// <summary>The key a stored visitor is identified by now.</summary>
    public async Task<string> KeyOfVisitorAsync(string visitorId, CancellationToken ct)
    {
        var visitor = await visitors.FindAsync(visitorId, ct);
        return visitor is null ? PatronKeys.ForVisitor(visitorId) : await KeyOfAsync(visitor, ct);
    }

    private async Task<string> KeyOfAsync(Visitor visitor, CancellationToken ct)
    {
        var email = PatronKeys.Card(visitor.Details.CardNumber) is null ? PatronKeys.Email(visitor.Details.Email) : null;
        var withEmail = email is null ? [] : await directory.FindRecordsByEmailAsync(email, ct);
        return PatronKeys.Of(visitor.Id, visitor.Details, withEmail);
    }

    private async Task<string> RootOfAsync(string key, CancellationToken ct)
    {
        // A visitor key of an identified visitor stands for the visitor's current key (a bare visitor id in a request).
        if (key.StartsWith(PatronKeys.VisitorPrefix, StringComparison.Ordinal))
            key = await KeyOfVisitorAsync(key[PatronKeys.VisitorPrefix.Length..], ct);
        for (var depth = 0; depth < MaxDepth; depth++)
        {
            var merge = await directory.FindActiveMergeFromAsync(key, ct);
            if (merge is null)
                return key;
            key = merge.TargetKey;
        }
        throw new InvalidOperationException($"Patron merges deeper than {MaxDepth}: the store is inconsistent.");
    }

    /// <summary>The visitors a single key identifies (checked against each visitor's own current key) and its imported record.</summary>
    private async Task<(IReadOnlyList<string> VisitorIds, PatronRecord? Record)> MembersOfKeyAsync(string key, CancellationToken ct)
    {
        if (key.StartsWith(PatronKeys.VisitorPrefix, StringComparison.Ordinal))
        {
            var id = key[PatronKeys.VisitorPrefix.Length..];
            var visitor = await visitors.FindAsync(id, ct);
            if (visitor is null)
                return (await conversations.ListForVisitorAsync(id, ct) is { Count: > 0 } ? [id] : [], null);
            return (await KeyOfAsync(visitor, ct) == key ? [id] : [], null);
        }
        PatronRecord? record = null;
        IReadOnlyList<Visitor> candidates;
        if (key.StartsWith(PatronKeys.CardPrefix, StringComparison.Ordinal))
        {
            var card = key[PatronKeys.CardPrefix.Length..];
            record = await directory.FindRecordAsync(card, ct);
            candidates = await directory.FindVisitorsAsync(card, PatronKeys.Email(record?.Email), ct);
        }
        else
        {
            candidates = await directory.FindVisitorsAsync(null, key[PatronKeys.EmailPrefix.Length..], ct);
        }
        var members = new List<string>();
        foreach (var v in candidates.OrderBy(v => v.CreatedAt))
            if (await KeyOfAsync(v, ct) == key)
                members.Add(v.Id);
        return (members, record);
    }
}
