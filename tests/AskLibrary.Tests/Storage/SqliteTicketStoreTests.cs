using AskLibrary.Storage.Sqlite;
using AskLibrary.Tickets;

namespace AskLibrary.Tests.Storage;

/// <summary>The ticket store on a real SQLite file: the upgrade of old offline questions, idempotent adds, list order.</summary>
public sealed class SqliteTicketStoreTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 3, 0, 0, TimeSpan.Zero);
    private readonly string _path = Path.Combine(Path.GetTempPath(), "asklib-tickets-" + Guid.NewGuid().ToString("N"), "test.db");
    private SqliteDatabase _db = null!;

    public Task InitializeAsync()
    {
        _db = new SqliteDatabase(_path, "NORMAL");
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _db.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(Path.GetDirectoryName(_path)!, recursive: true);
    }

    [Fact]
    public async Task Offline_questions_stored_before_tickets_become_open_patron_tickets_with_the_same_id()
    {
        await SqliteSchema.MigrateAsync(_db, 3, CancellationToken.None);
        await using (var connection = await _db.OpenAsync(CancellationToken.None))
        await using (var insert = connection.CreateCommand())
        {
            // The document exactly as the old OfflineQuestionRecord was stored.
            insert.CommandText = """
                INSERT INTO offline_questions (id, visitor_id, client_request_id, created_at, doc) VALUES ('q_old', 'v_1', 'req-1', 1764039600000,
                '{"id":"q_old","visitorId":"v_1","clientRequestId":"req-1","queueId":"law","question":"Old question","email":"old@example.org","name":"Li","createdAt":"2026-11-25T03:00:00+00:00","status":"open"}')
                """;
            await insert.ExecuteNonQueryAsync();
        }

        await SqliteSchema.MigrateAsync(_db, CancellationToken.None);
        var store = new SqliteTicketStore(_db);
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

    [Fact]
    public async Task Open_tickets_list_soonest_due_first_and_a_chat_has_one_follow_up()
    {
        await SqliteSchema.MigrateAsync(_db, CancellationToken.None);
        var store = new SqliteTicketStore(_db);
        Ticket New(string id, double dueHours) => new()
        {
            Id = id,
            QueueId = "general",
            Source = TicketSource.Staff,
            Question = id,
            Email = "a@example.org",
            CreatedAt = T0,
            DueAt = dueHours > 0 ? T0.AddHours(dueHours) : null,
        };
        await store.AddAsync(New("q_late", 48), CancellationToken.None);
        await store.AddAsync(New("q_none", 0), CancellationToken.None);
        await store.AddAsync(New("q_soon", 2), CancellationToken.None);
        await store.AddAsync(New("q_closed", 1) with { Status = TicketStatus.Closed, ClosedAt = T0 }, CancellationToken.None);

        var all = await store.ListAsync(new TicketQuery(null, null, false, T0, null, 10), CancellationToken.None);
        Assert.Equal(["q_soon", "q_late", "q_none", "q_closed"], all.Select(t => t.Id));
        var overdue = await store.ListAsync(new TicketQuery(null, null, true, T0.AddHours(3), null, 10), CancellationToken.None);
        Assert.Equal(["q_soon"], overdue.Select(t => t.Id));

        var first = await store.AddAsync(New("q_chat1", 5) with { Source = TicketSource.Chat, ConversationId = "c_1" }, CancellationToken.None);
        var second = await store.AddAsync(New("q_chat2", 5) with { Source = TicketSource.Chat, ConversationId = "c_1" }, CancellationToken.None);
        Assert.Equal(first.Id, second.Id);
    }
}
