using AskLibrary.Knowledge.Articles;
using AskLibrary.Storage.Sqlite;

namespace AskLibrary.Tests.Storage;

/// <summary>Knowledge-base events linked to a visitor: the upgrade of events stored before the column, unlinking on erasure and retention.</summary>
public sealed class SqlitePatronActivityStoreTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 3, 0, 0, TimeSpan.Zero);
    private readonly TempSqliteFile _file = new("activity");

    private SqliteDatabase Db => _file.Database;

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _file.DisposeAsync().AsTask();

    [Fact]
    public async Task Events_stored_before_the_visitor_column_are_found_by_visitor_after_the_upgrade()
    {
        await SqliteSchema.MigrateAsync(Db, 5, CancellationToken.None); // the schema before kb_events.visitor_id
        await using (var connection = await Db.OpenAsync(CancellationToken.None))
        await using (var insert = connection.CreateCommand())
        {
            insert.CommandText = """
                INSERT INTO kb_events (article_id, kind, at, doc) VALUES
                ('renew', 'Opened', 1764039600000, '{"articleId":"renew","kind":"opened","query":"续借","visitorId":"v_1","at":"2026-11-25T03:00:00+00:00"}'),
                ('renew', 'Shown', 1764039500000, '{"articleId":"renew","kind":"shown","visitorId":"v_1","at":"2026-11-25T02:58:20+00:00"}'),
                ('renew', 'Opened', 1764039600000, '{"articleId":"renew","kind":"opened","visitorId":"v_2","at":"2026-11-25T03:00:00+00:00"}')
                """;
            await insert.ExecuteNonQueryAsync();
        }

        await SqliteSchema.MigrateAsync(Db, CancellationToken.None);
        var store = new SqlitePatronActivityStore(Db);

        var e = Assert.Single(await store.ListKbEventsAsync("v_1", 10, CancellationToken.None));
        Assert.Equal(("renew", KbEventKind.Opened, "续借"), (e.ArticleId, e.Kind, e.Query));
    }

    // The backend-neutral part of forgetting is PatronActivityStoreContract; this checks the SQLite row itself.
    [Fact]
    public async Task Forgetting_leaves_neither_the_visitor_nor_the_query_in_the_row()
    {
        await SqliteSchema.MigrateAsync(Db, CancellationToken.None);
        var knowledge = new SqliteKnowledgeStore(Db);
        var store = new SqlitePatronActivityStore(Db);
        await knowledge.AddEventAsync(new KbEvent("renew", KbEventKind.Helpful, "续借 zw@example.org", "v_1", null, T0), CancellationToken.None);
        await knowledge.AddEventAsync(new KbEvent("renew", KbEventKind.Opened, "续借", "v_2", null, T0.AddDays(-400)), CancellationToken.None);

        Assert.Equal(1, await store.ForgetKbEventsAsync("v_1", CancellationToken.None));
        Assert.Equal(1, await store.ForgetKbEventsBeforeAsync(T0.AddDays(-365), CancellationToken.None));

        await using var connection = await Db.OpenAsync(CancellationToken.None);
        await using var leftovers = connection.CreateCommand();
        leftovers.CommandText = "SELECT COUNT(*) FROM kb_events WHERE visitor_id IS NOT NULL OR doc LIKE '%zw@example.org%' OR doc LIKE '%\"v_1\"%' OR doc LIKE '%\"v_2\"%'";
        Assert.Equal(0L, await leftovers.ExecuteScalarAsync());
    }
}
