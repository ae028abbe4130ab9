using AskLibrary.Chat;
using AskLibrary.Chat.Contracts;
using AskLibrary.Storage.Sqlite;

namespace AskLibrary.Tests.Storage;

/// <summary>The embedded conversation store on a real, freshly migrated SQLite file, for tests of how SQLite does its job.</summary>
public abstract class SqliteConversationStoreTestBase(string purpose) : IAsyncLifetime
{
    protected static readonly DateTimeOffset T0 = new(2026, 11, 24, 3, 0, 0, TimeSpan.Zero);
    private readonly TempSqliteFile _file = new(purpose);

    protected SqliteDatabase Db => _file.Database;
    protected SqliteConversationStore Store { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await SqliteSchema.MigrateAsync(Db, CancellationToken.None);
        Store = new SqliteConversationStore(Db);
    }

    public Task DisposeAsync() => _file.DisposeAsync().AsTask();

    /// <summary>A waiting chat whose first message is "q" (seq 1).</summary>
    protected async Task<Conversation> CreateAsync(string id)
    {
        var c = new Conversation { Id = id, QueueId = "general", VisitorId = "v_" + id, Question = "q", StartClientMessageId = "start", CreatedAt = T0 };
        await Store.CreateAsync(c, new NewMessage(id, MessageKind.Patron, "v", null, "q", "start", null, T0), CancellationToken.None);
        return c;
    }

    protected Task<AppendResult> AppendAsync(string id, string text, string clientId) =>
        Store.AppendAsync(new NewMessage(id, MessageKind.Patron, "v", null, text, clientId, null, T0), CancellationToken.None);
}
