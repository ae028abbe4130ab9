using AskLibrary.Chat;
using AskLibrary.Knowledge.Articles;
using AskLibrary.Patrons;
using AskLibrary.Reports;
using AskLibrary.Staff;
using AskLibrary.Storage.MongoDb;
using AskLibrary.Tickets;
using Microsoft.Extensions.Logging.Abstractions;
using MongoDB.Driver;

namespace AskLibrary.Tests.Storage.Contracts;

/// <summary>
/// The MongoDB store on the server named by ASKLIBRARY_TEST_MONGODB (a replica set: the stores use transactions),
/// in a fresh database per test that is dropped after it. Without the variable every test reports SKIPPED.
/// </summary>
public sealed class MongoDbBackend : StoreBackend
{
    public const string Variable = "ASKLIBRARY_TEST_MONGODB";
    public const string SkipReason = "MongoDB contract tests need a server: set " + Variable + "=mongodb://host/?replicaSet=rs0 (see docs/storage.md). No MongoDB server on this machine, so SKIPPED.";

    private MongoStorage _mongo = null!;

    /// <summary>The connection string, or null when the MongoDB tests are to be skipped.</summary>
    public static string? ConnectionString => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } url ? url : null;

    public override async Task StartAsync()
    {
        Skip.If(ConnectionString is null, SkipReason);
        _mongo = new MongoStorage(new MongoClient(ConnectionString), "asklib_test_" + Guid.NewGuid().ToString("N")[..20]);
        await new MongoIndexCreator(_mongo, NullLogger<MongoIndexCreator>.Instance).StartAsync(CancellationToken.None);
    }

    public override async ValueTask DisposeAsync()
    {
        if (_mongo is not null)
            await _mongo.Client.DropDatabaseAsync(_mongo.Database.DatabaseNamespace.DatabaseName);
    }

    public override IConversationStore Conversations => new MongoConversationStore(_mongo);
    public override ITicketStore Tickets => new MongoTicketStore(_mongo);
    public override ITranscriptRequestStore TranscriptRequests => new MongoTranscriptRequestStore(_mongo);
    public override IVisitorStore Visitors => new MongoVisitorStore(_mongo);
    public override IStaffStore Staff => new MongoStaffStore(_mongo);
    public override ICannedResponseStore CannedResponses => new MongoCannedResponseStore(_mongo);
    public override IAuditStore Audit => new MongoAuditStore(_mongo);
    public override IKnowledgeStore Knowledge => new MongoKnowledgeStore(_mongo);
    public override IReportStore Reports => new MongoReportStore(_mongo);
    public override IPatronDirectory PatronDirectory => new MongoPatronDirectory(_mongo);
    public override IPatronActivityStore PatronActivity => new MongoPatronActivityStore(_mongo);
    public override AskLibrary.Ratings.IRatingStore Ratings => new MongoRatingStore(_mongo);
    public override IRetentionStore Retention => new MongoRetentionStore(_mongo);
}
