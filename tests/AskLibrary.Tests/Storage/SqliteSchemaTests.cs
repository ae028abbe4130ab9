using AskLibrary.Storage.Sqlite;
using AskLibrary.Tickets;

namespace AskLibrary.Tests.Storage;

/// <summary>What only the embedded store has: its schema migrations, on a real SQLite file (the contracts cover the rest).</summary>
public sealed class SqliteSchemaTests : IAsyncLifetime
{
    private readonly TempSqliteFile _file = new("schema");

    private SqliteDatabase Db => _file.Database;

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _file.DisposeAsync().AsTask();

    [Fact]
    public async Task A_fresh_database_reaches_the_latest_schema_and_migrating_again_is_harmless()
    {
        await SqliteSchema.MigrateAsync(Db, CancellationToken.None);
        await SqliteSchema.MigrateAsync(Db, CancellationToken.None);
        await using var connection = await Db.OpenAsync(CancellationToken.None);
        await using var version = connection.CreateCommand();
        version.CommandText = "PRAGMA user_version";
        Assert.Equal((long)SqliteSchema.LatestVersion, await version.ExecuteScalarAsync());
        await using var mode = connection.CreateCommand();
        mode.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", await mode.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Offline_questions_stored_before_tickets_become_open_patron_tickets_with_the_same_id()
    {
        await SqliteSchema.MigrateAsync(Db, 3, CancellationToken.None);
        await using (var connection = await Db.OpenAsync(CancellationToken.None))
        await using (var insert = connection.CreateCommand())
        {
            // The document exactly as the old OfflineQuestionRecord was stored.
            insert.CommandText = """
                INSERT INTO offline_questions (id, visitor_id, client_request_id, created_at, doc) VALUES ('q_old', 'v_1', 'req-1', 1764039600000,
                '{"id":"q_old","visitorId":"v_1","clientRequestId":"req-1","queueId":"law","question":"Old question","email":"old@example.org","name":"Li","createdAt":"2026-11-25T03:00:00+00:00","status":"open"}')
                """;
            await insert.ExecuteNonQueryAsync();
        }

        await SqliteSchema.MigrateAsync(Db, CancellationToken.None);
        var store = new SqliteTicketStore(Db);
        var ticket = await store.FindAsync("q_old", CancellationToken.None);

        Assert.NotNull(ticket);
        Assert.Equal((TicketSource.Patron, TicketStatus.Open, "law", "Old question", "old@example.org", "Li", "v_1", "req-1"),
            (ticket.Source, ticket.Status, ticket.QueueId, ticket.Question, ticket.Email, ticket.Name, ticket.VisitorId, ticket.ClientRequestId));
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 3, 0, 0, TimeSpan.Zero), ticket.CreatedAt);
        Assert.Null(ticket.DueAt);
        Assert.Empty(ticket.Notes);
        // A retry of the old request still finds the old question.
        var retry = await store.AddAsync(ticket with { Id = "q_new" }, CancellationToken.None);
        Assert.Equal("q_old", retry.Id);
    }
}
