using System.Collections.Concurrent;

namespace AskLibrary.Chat;

/// <summary>
/// The open conversations this node holds in memory, by id and by visitor. A chat start looks up its visitor's open
/// chats under the routing gate; walking every open chat for that cost 2.6 % of the server's CPU at 5,400 messages/s
/// with 1,350 chats open (docs/performance.md), so each visitor's ids are kept as well.
/// </summary>
/// <remarks>
/// Reads by id take no lock. A change of one conversation comes from the holder of its lock, but changes of different
/// conversations run at once, so both maps change together under a lock of their own — except <see cref="Update{TState}"/>,
/// which keeps the visitor and so touches one map only, as an atomic compare-and-replace.
/// </remarks>
internal sealed class OpenChats
{
    private readonly ConcurrentDictionary<string, Conversation> _byId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _idsByVisitor = new(StringComparer.Ordinal); // under _changing
    private readonly Lock _changing = new();

    public int Count => _byId.Count;

    public Conversation? Find(string conversationId) => _byId.GetValueOrDefault(conversationId);

    /// <summary>A copy of every open conversation.</summary>
    public List<Conversation> All() => [.. _byId.Values];

    /// <summary>A visitor's open conversations, in the order they were first held.</summary>
    public List<Conversation> OfVisitor(string visitorId)
    {
        string[] ids;
        lock (_changing)
        {
            if (!_idsByVisitor.TryGetValue(visitorId, out var list))
                return [];
            ids = [.. list];
        }
        var mine = new List<Conversation>(ids.Length);
        foreach (var id in ids)
            if (_byId.TryGetValue(id, out var c))
                mine.Add(c);
        return mine;
    }

    /// <summary>Holds <paramref name="c"/> as its conversation's current document.</summary>
    public void Set(Conversation c)
    {
        lock (_changing)
        {
            if (_byId.TryGetValue(c.Id, out var before) && before.VisitorId != c.VisitorId)
                Unlist(before.VisitorId, c.Id);
            _byId[c.Id] = c;
            if (!_idsByVisitor.TryGetValue(c.VisitorId, out var ids))
                _idsByVisitor[c.VisitorId] = ids = new List<string>(1);
            if (!ids.Contains(c.Id))
                ids.Add(c.Id);
        }
    }

    /// <summary>
    /// Replaces the held document with <paramref name="change"/>'s result (null: no change), only if the conversation is
    /// still held and nobody replaced it meanwhile. Without the lock: for changes that keep the visitor (the message path).
    /// </summary>
    public void Update<TState>(string conversationId, TState state, Func<Conversation, TState, Conversation?> change)
    {
        if (_byId.TryGetValue(conversationId, out var c) && change(c, state) is { } changed)
        {
            if (changed.VisitorId != c.VisitorId)
                throw new InvalidOperationException("Update keeps a conversation's visitor; use Set to change it.");
            _byId.TryUpdate(conversationId, changed, c);
        }
    }

    public void Remove(string conversationId)
    {
        lock (_changing)
        {
            if (_byId.TryRemove(conversationId, out var c))
                Unlist(c.VisitorId, conversationId);
        }
    }

    public void Clear()
    {
        lock (_changing)
        {
            _byId.Clear();
            _idsByVisitor.Clear();
        }
    }

    private void Unlist(string visitorId, string conversationId)
    {
        if (!_idsByVisitor.TryGetValue(visitorId, out var ids))
            return;
        ids.Remove(conversationId);
        if (ids.Count == 0)
            _idsByVisitor.Remove(visitorId);
    }
}
