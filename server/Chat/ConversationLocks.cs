namespace AskLibrary.Chat;

/// <summary>
/// One async lock per conversation, so messages in one chat are numbered, stored and announced in
/// order without waiting for any other chat. An entry lives only while someone holds or waits for
/// it, so thousands of finished chats leave nothing behind. Not reentrant: a holder must not ask
/// for the same conversation again.
/// </summary>
internal sealed class ConversationLocks
{
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>Waits for the conversation's turn; dispose the result to let the next one in.</summary>
    public async ValueTask<Held> AcquireAsync(string conversationId)
    {
        Entry entry;
        lock (_entries)
        {
            if (!_entries.TryGetValue(conversationId, out entry!))
                _entries[conversationId] = entry = new Entry();
            entry.Users++;
        }
        // No cancellation: a waiter always gets its turn, so Users is always given back in Release.
        await entry.Turn.WaitAsync();
        return new Held(this, conversationId, entry);
    }

    private void Release(string conversationId, Entry entry)
    {
        lock (_entries)
        {
            if (--entry.Users == 0)
                _entries.Remove(conversationId);
        }
        entry.Turn.Release();
    }

    internal sealed class Entry
    {
        public SemaphoreSlim Turn { get; } = new(1, 1);
        public int Users { get; set; }
    }

    /// <summary>A held conversation lock.</summary>
    internal readonly struct Held(ConversationLocks owner, string conversationId, Entry entry) : IDisposable
    {
        public void Dispose() => owner.Release(conversationId, entry);
    }
}
