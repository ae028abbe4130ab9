using AskLibrary.Chat;
using AskLibrary.Knowledge.Articles;
using AskLibrary.Patrons;
using AskLibrary.Reports;
using AskLibrary.Staff;
using AskLibrary.Storage.Sqlite;
using AskLibrary.Tickets;

namespace AskLibrary.Tests.Storage.Contracts;

/// <summary>The embedded store on a real SQLite file in a fresh temporary folder.</summary>
public sealed class SqliteBackend : StoreBackend
{
    private TempSqliteFile _file = null!;
    private SqliteDatabase _db = null!;

    public override async Task StartAsync()
    {
        _file = new TempSqliteFile("contract");
        _db = _file.Database;
        await SqliteSchema.MigrateAsync(_db, CancellationToken.None);
    }

    public override ValueTask DisposeAsync() => _file.DisposeAsync();

    public override IConversationStore Conversations => new SqliteConversationStore(_db);
    public override ITicketStore Tickets => new SqliteTicketStore(_db);
    public override ITranscriptRequestStore TranscriptRequests => new SqliteTranscriptRequestStore(_db);
    public override IVisitorStore Visitors => new SqliteVisitorStore(_db);
    public override IStaffStore Staff => new SqliteStaffStore(_db);
    public override ICannedResponseStore CannedResponses => new SqliteCannedResponseStore(_db);
    public override IAuditStore Audit => new SqliteAuditStore(_db);
    public override IKnowledgeStore Knowledge => new SqliteKnowledgeStore(_db);
    public override IReportStore Reports => new SqliteReportStore(_db);
    public override IPatronDirectory PatronDirectory => new SqlitePatronDirectory(_db);
    public override IPatronActivityStore PatronActivity => new SqlitePatronActivityStore(_db);
    public override AskLibrary.Ratings.IRatingStore Ratings => new SqliteRatingStore(_db);
    public override IRetentionStore Retention => new SqliteRetentionStore(_db);
}
