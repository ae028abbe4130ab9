using AskLibrary.Chat;
using AskLibrary.Chat.Contracts;
using AskLibrary.Storage.Sqlite;

namespace AskLibrary.Tests.Storage;

/// <summary>Sequence numbers and idempotency as the embedded store keeps them, on a real SQLite file.</summary>
public sealed class SqliteConversationStoreTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 3, 0, 0, TimeSpan.Zero);
    private readonly string _path = Path.Combine(Path.GetTempPath(), "asklib-store-" + Guid.NewGuid().ToString("N"), "test.db");
    private SqliteDatabase _db = null!;
    private SqliteConversationStore _store = null!;

    public async Task InitializeAsync()
    {
        _db = new SqliteDatabase(_path, "NORMAL");
        await SqliteSchema.MigrateAsync(_db, CancellationToken.None);
        _store = new SqliteConversationStore(_db);
    }

    public Task DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(Path.GetDirectoryName(_path)!, recursive: true);
        return Task.CompletedTask;
    }

    private async Task<Conversation> CreateAsync(string id)
    {
        var c = new Conversation { Id = id, QueueId = "general", VisitorId = "v_1" + id, Question = "q", StartClientMessageId = "start", CreatedAt = T0 };
        await _store.CreateAsync(c, new NewMessage(id, MessageKind.Patron, "v", null, "q", "start", null, T0), CancellationToken.None);
        return c;
    }

    [Fact]
    public async Task Concurrent_appends_get_gapless_unique_sequence_numbers()
    {
        await CreateAsync("c1");
        var appends = Enumerable.Range(0, 50).Select(i =>
            _store.AppendAsync(new NewMessage("c1", MessageKind.Librarian, "s", "Li", $"m{i}", $"client-{i}", null, T0), CancellationToken.None));
        var results = await Task.WhenAll(appends);
        Assert.Equal(Enumerable.Range(2, 50).Select(i => (long)i), results.Select(r => r.Message.Seq).Order());
        var stored = await _store.ListMessagesAsync("c1", 0, includeNotes: true, CancellationToken.None);
        Assert.Equal(Enumerable.Range(1, 51).Select(i => (long)i), stored.Select(m => m.Seq));
        Assert.Equal(51, (await _store.FindAsync("c1", CancellationToken.None))!.LastSeq);
    }

    [Fact]
    public async Task A_repeated_client_message_id_returns_the_stored_message_without_writing()
    {
        await CreateAsync("c1");
        var first = await _store.AppendAsync(new NewMessage("c1", MessageKind.Patron, "v", null, "hello", "same", null, T0), CancellationToken.None);
        var again = await _store.AppendAsync(new NewMessage("c1", MessageKind.Patron, "v", null, "hello edited", "same", null, T0.AddSeconds(1)), CancellationToken.None);
        Assert.True(again.Duplicate);
        Assert.Equal(first.Message, again.Message);
        Assert.Equal(2, (await _store.ListMessagesAsync("c1", 0, true, CancellationToken.None)).Count);
    }

    [Fact]
    public async Task Sequence_numbers_are_per_conversation_and_notes_can_be_left_out()
    {
        await CreateAsync("c1");
        await CreateAsync("c2");
        await _store.AppendAsync(new NewMessage("c1", MessageKind.Note, "s", "Li", "internal", null, null, T0), CancellationToken.None);
        var c2 = await _store.AppendAsync(new NewMessage("c2", MessageKind.Librarian, "s", "Li", "hi", null, null, T0), CancellationToken.None);
        Assert.Equal(2, c2.Message.Seq);
        Assert.Single(await _store.ListMessagesAsync("c1", 0, includeNotes: false, CancellationToken.None));
    }

    [Fact]
    public async Task Replacing_a_conversation_never_moves_its_sequence_backwards()
    {
        var c = await CreateAsync("c1");
        await _store.AppendAsync(new NewMessage("c1", MessageKind.Librarian, "s", "Li", "hi", null, null, T0), CancellationToken.None);
        await _store.ReplaceAsync(c with { State = ConversationState.Active, LastSeq = 0 }, CancellationToken.None);
        var stored = await _store.FindAsync("c1", CancellationToken.None);
        Assert.Equal(2, stored!.LastSeq);
        Assert.Equal(ConversationState.Active, stored.State);
    }

    [Fact]
    public async Task A_fresh_database_reaches_the_latest_schema_and_migrating_again_is_harmless()
    {
        await SqliteSchema.MigrateAsync(_db, CancellationToken.None);
        await using var connection = await _db.OpenAsync(CancellationToken.None);
        await using var version = connection.CreateCommand();
        version.CommandText = "PRAGMA user_version";
        Assert.Equal((long)SqliteSchema.LatestVersion, await version.ExecuteScalarAsync());
        await using var mode = connection.CreateCommand();
        mode.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", await mode.ExecuteScalarAsync());
    }
}
