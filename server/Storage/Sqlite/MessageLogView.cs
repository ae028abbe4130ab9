using System.IO.Hashing;
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;

namespace AskLibrary.Storage.Sqlite;

/// <summary>
/// What <c>message_log</c> holds, kept in memory by the writer: each logged chat's last number and a 64-bit hash of
/// each of its client ids. Appends number messages and check retries from it, so the log needs no index, and a commit
/// writes only the pages at the log's end (an index on the conversation put a leaf of its own into the commit for every
/// chat in the batch, docs/performance.md).
/// </summary>
/// <remarks>
/// It is exact only for the connection and the database state it was read for. So every write transaction that uses
/// it first reads <c>PRAGMA data_version</c>, which changes when another connection (another process on the same file)
/// has committed, and a new writer connection (after any failed transaction, which may have changed the view before it
/// was rolled back) starts from nothing: in either case the view is read again from the log, one scan of what the last
/// fold left (up to some 16,000 rows). Only the writer touches it, one write at a time.
/// <para>
/// Hashes rather than the ids themselves: a view of strings kept every message's id alive until its chat's fold, so
/// each young collection under load promoted thousands of them, and with them the sets that held them; its pauses
/// were about 40 % shorter without (docs/performance.md). Numbers in a set hold no reference for the collector to follow.
/// So <see cref="MayHold"/> can say yes for an id the log does not hold, once in about 2^64 pairs; the caller then
/// finds no row and stores the message as new.
/// </para>
/// </remarks>
internal sealed class MessageLogView
{
    private readonly Dictionary<string, LoggedChat> _chats = new(StringComparer.Ordinal);
    private SqliteConnection? _connection;
    private WriteTransaction? _checkedIn;
    private long _dataVersion;
    private long _reads;

    /// <summary>
    /// How often the view was read from the log (tests: once at the start, again only after a fold or when the file
    /// changed under it).
    /// </summary>
    public long Reads => Interlocked.Read(ref _reads);

    /// <summary>Makes the view current for this transaction; cheap after the first call in it.</summary>
    public async Task RefreshAsync(SqliteDatabase db, SqliteConnection connection, WriteTransaction tx, CancellationToken ct)
    {
        if (ReferenceEquals(tx, _checkedIn))
            return;
        long version;
        using (var pragma = db.Prepared(connection, "PRAGMA data_version"))
        {
            pragma.Step();
            version = pragma.Int64(0);
        }
        if (!ReferenceEquals(connection, _connection) || version != _dataVersion)
        {
            _chats.Clear();
            _connection = null; // should the read fail, the next transaction reads again
            var read = db.Compiled(connection, tx, "SELECT conversation_id, seq, client_message_id FROM message_log");
            await using (var rows = await read.ExecuteReaderAsync(ct))
                while (await rows.ReadAsync(ct))
                    Logged(rows.GetString(0), rows.GetInt64(1), rows.IsDBNull(2) ? null : rows.GetString(2));
            _connection = connection;
            _dataVersion = version;
            Interlocked.Increment(ref _reads);
        }
        _checkedIn = tx;
    }

    /// <summary>The highest number the log holds for a conversation, 0 if none.</summary>
    public long LastSeq(string conversationId) => _chats.TryGetValue(conversationId, out var chat) ? chat.LastSeq : 0;

    /// <summary>
    /// Whether the log may hold a message of this conversation with this client id: false means it does not; true,
    /// that it does unless two ids' hashes are equal, which the caller settles by reading the log.
    /// </summary>
    public bool MayHold(string conversationId, string clientMessageId) =>
        _chats.TryGetValue(conversationId, out var chat) && chat.ClientIds?.Contains(Hash(clientMessageId)) == true;

    /// <summary>A row the current transaction added to the log.</summary>
    public void Logged(string conversationId, long seq, string? clientMessageId)
    {
        if (!_chats.TryGetValue(conversationId, out var chat))
            _chats[conversationId] = chat = new LoggedChat();
        chat.LastSeq = Math.Max(chat.LastSeq, seq);
        if (clientMessageId is not null)
            (chat.ClientIds ??= []).Add(Hash(clientMessageId));
    }

    /// <summary>The current transaction moved one conversation's rows out of the log.</summary>
    public void Folded(string conversationId) => _chats.Remove(conversationId);

    /// <summary>
    /// The current transaction deleted rows of many chats from the log (a fold's last step): the next write that needs the
    /// view reads what is left, in this transaction or a later one.
    /// </summary>
    public void Reset()
    {
        _chats.Clear();
        _connection = null;
        _checkedIn = null;
    }

    private static ulong Hash(string clientMessageId) => XxHash3.HashToUInt64(MemoryMarshal.AsBytes(clientMessageId.AsSpan()));

    private sealed class LoggedChat
    {
        public long LastSeq;
        public HashSet<ulong>? ClientIds;
    }
}
