using AskLibrary.Chat;
using AskLibrary.Knowledge.Articles;
using AskLibrary.Patrons;
using AskLibrary.Staff;
using AskLibrary.Tickets;
using MongoDB.Bson;
using MongoDB.Driver;

namespace AskLibrary.Storage.MongoDb;

/// <summary>
/// The MongoDB database and its collections, named as the SQLite tables are. The client connects lazily;
/// <see cref="MongoIndexCreator"/> is the first to use it, at start, so a wrong URL fails the start.
/// </summary>
public sealed class MongoStorage
{
    public MongoStorage(MongoDbOptions options)
        : this(new MongoClient(options.ConnectionString), options.Database)
    {
    }

    public MongoStorage(IMongoClient client, string database)
    {
        MongoDocumentMaps.Register();
        Client = client;
        Database = client.GetDatabase(database);
    }

    public IMongoClient Client { get; }
    public IMongoDatabase Database { get; }

    public IMongoCollection<Conversation> Conversations => Database.GetCollection<Conversation>(CollectionNames.Conversations);
    public IMongoCollection<StoredMessage> Messages => Database.GetCollection<StoredMessage>(CollectionNames.Messages);
    public IMongoCollection<Ticket> Tickets => Database.GetCollection<Ticket>(CollectionNames.Tickets);
    public IMongoCollection<TranscriptRequestRecord> TranscriptRequests => Database.GetCollection<TranscriptRequestRecord>(CollectionNames.TranscriptRequests);
    public IMongoCollection<Visitor> Visitors => Database.GetCollection<Visitor>(CollectionNames.Visitors);
    public IMongoCollection<VisitorBlock> VisitorBlocks => Database.GetCollection<VisitorBlock>(CollectionNames.VisitorBlocks);
    public IMongoCollection<StaffAccount> Staff => Database.GetCollection<StaffAccount>(CollectionNames.Staff);
    public IMongoCollection<CannedResponseRecord> CannedResponses => Database.GetCollection<CannedResponseRecord>(CollectionNames.CannedResponses);
    public IMongoCollection<AuditEntry> AuditLog => Database.GetCollection<AuditEntry>(CollectionNames.AuditLog);
    public IMongoCollection<KbArticleRecord> KbArticles => Database.GetCollection<KbArticleRecord>(CollectionNames.KbArticles);
    public IMongoCollection<KbArticleVersion> KbVersions => Database.GetCollection<KbArticleVersion>(CollectionNames.KbVersions);
    public IMongoCollection<KbEvent> KbEvents => Database.GetCollection<KbEvent>(CollectionNames.KbEvents);
    public IMongoCollection<KbQuestion> KbQuestions => Database.GetCollection<KbQuestion>(CollectionNames.KbQuestions);

    /// <summary>The same collection as raw documents, for projections, pipelines and store-owned fields.</summary>
    public IMongoCollection<BsonDocument> Raw(string collection) => Database.GetCollection<BsonDocument>(collection);

    /// <summary>
    /// Runs <paramref name="work"/> in a multi-document transaction (replica set required). The driver
    /// retries the whole callback on a transient error such as a write conflict between two appends.
    /// </summary>
    public async Task<T> InTransactionAsync<T>(Func<IClientSessionHandle, CancellationToken, Task<T>> work, CancellationToken ct)
    {
        using var session = await Client.StartSessionAsync(cancellationToken: ct);
        return await session.WithTransactionAsync((s, token) => work(s, token), cancellationToken: ct);
    }

    public static bool IsDuplicateKey(MongoException e) =>
        e is MongoWriteException { WriteError.Category: ServerErrorCategory.DuplicateKey }
        || e is MongoCommandException { Code: 11000 }
        || e is MongoBulkWriteException bulk && bulk.WriteErrors.Any(w => w.Category == ServerErrorCategory.DuplicateKey);
}

/// <summary>Collection names: the SQLite table names, so both stores read the same in docs and tools.</summary>
public static class CollectionNames
{
    public const string Conversations = "conversations";
    public const string Messages = "messages";
    public const string Tickets = "tickets";
    public const string TranscriptRequests = "transcript_requests";
    public const string Visitors = "visitors";
    public const string VisitorBlocks = "visitor_blocks";
    public const string Staff = "staff";
    public const string CannedResponses = "canned_responses";
    public const string AuditLog = "audit_log";
    public const string KbArticles = "kb_articles";
    public const string KbVersions = "kb_versions";
    public const string KbEvents = "kb_events";
    public const string KbQuestions = "kb_questions";
    public const string PatronRecords = "patron_records";
    public const string PatronMerges = "patron_merges";
}
