using AskLibrary.Chat;
using AskLibrary.Knowledge.Articles;
using AskLibrary.Patrons;
using AskLibrary.Tickets;
using MongoDB.Bson;
using MongoDB.Driver;

namespace AskLibrary.Storage.MongoDb;

/// <summary>
/// What retention reads beside the conversations. A partial index cannot say "anonymisedAt is missing"
/// ($exists: false is not allowed there), so each index leads with anonymisedAt: {anonymisedAt: null} is an
/// equality on the null key (missing fields index as null), then the range on the instant, in order.
/// </summary>
public sealed class MongoRetentionStore(MongoStorage mongo) : IRetentionStore
{
    private static readonly BsonArray Finished = [SnakeCaseEnumSerializer<TicketStatus>.Name(TicketStatus.Pending), SnakeCaseEnumSerializer<TicketStatus>.Name(TicketStatus.Closed)];
    private static readonly string MailPending = SnakeCaseEnumSerializer<Delivery>.Name(Delivery.Pending);

    public static readonly IReadOnlyList<MongoIndex> Indexes =
    [
        new(CollectionNames.Tickets, "ix_tickets_unanonymised", new BsonDocument { { "anonymisedAt", 1 }, { "createdAt", 1 } }),
        new(CollectionNames.TranscriptRequests, "ix_transcript_requests_unanonymised", new BsonDocument { { "anonymisedAt", 1 }, { "requestedAt", 1 } }),
        new(CollectionNames.KbQuestions, "ix_kb_questions_unanonymised", new BsonDocument { { "anonymisedAt", 1 }, { "at", 1 } }),
    ];

    /// <summary>tickets: answered or closed, no answer waiting for the outbox, created before the cut-off, not anonymised.</summary>
    public static BsonDocument TicketsFilter(DateTimeOffset before) => new()
    {
        { "anonymisedAt", BsonNull.Value },
        { "createdAt", new BsonDocument("$lt", before.UtcDateTime) },
        { "status", new BsonDocument("$in", Finished) },
        { "answers.delivery", new BsonDocument("$ne", MailPending) },
    };

    public static BsonDocument NotAnonymisedBefore(string instant, DateTimeOffset before) => new()
    {
        { "anonymisedAt", BsonNull.Value },
        { instant, new BsonDocument("$lt", before.UtcDateTime) },
    };

    /// <summary>kb_events: events before the cut-off that still hold the typed search text.</summary>
    public static BsonDocument EventQueriesFilter(DateTimeOffset before) => new()
    {
        { "at", new BsonDocument("$lt", before.UtcDateTime) },
        { "query", new BsonDocument("$exists", true) },
    };

    public async Task<IReadOnlyList<Ticket>> ListTicketsToAnonymiseAsync(DateTimeOffset before, int take, CancellationToken ct) =>
        await mongo.Tickets.Find(TicketsFilter(before)).Sort(new BsonDocument { { "createdAt", 1 }, { "_id", 1 } }).Limit(take).ToListAsync(ct);

    public async Task<IReadOnlyList<TranscriptRequestRecord>> ListTranscriptRequestsToAnonymiseAsync(DateTimeOffset before, int take, CancellationToken ct) =>
        await mongo.TranscriptRequests.Find(NotAnonymisedBefore("requestedAt", before))
            .Sort(new BsonDocument { { "requestedAt", 1 }, { "_id", 1 } }).Limit(take).ToListAsync(ct);

    public async Task<IReadOnlyList<KbQuestion>> ListQuestionsToAnonymiseAsync(DateTimeOffset before, int take, CancellationToken ct) =>
        await mongo.KbQuestions.Find(NotAnonymisedBefore("at", before))
            .Sort(new BsonDocument { { "at", 1 }, { "_id", 1 } }).Limit(take).ToListAsync(ct);

    public Task ReplaceQuestionAsync(KbQuestion question, CancellationToken ct) =>
        mongo.KbQuestions.ReplaceOneAsync(new BsonDocument("_id", question.Id), question, cancellationToken: ct);

    public async Task<int> ForgetEventQueriesAsync(DateTimeOffset before, CancellationToken ct) =>
        (int)(await mongo.Raw(CollectionNames.KbEvents).UpdateManyAsync(EventQueriesFilter(before),
            new BsonDocument("$unset", new BsonDocument("query", "")), cancellationToken: ct)).ModifiedCount;
}
