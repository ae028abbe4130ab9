using AskLibrary.Tickets;
using MongoDB.Bson;
using MongoDB.Driver;

namespace AskLibrary.Storage.MongoDb;

/// <summary>Tickets with their notes and answers embedded; unique partial indexes make adds idempotent.</summary>
public sealed class MongoTicketStore(MongoStorage mongo) : ITicketStore
{
    private static readonly string Open = SnakeCaseEnumSerializer<TicketStatus>.Name(TicketStatus.Open);
    private static readonly string Closed = SnakeCaseEnumSerializer<TicketStatus>.Name(TicketStatus.Closed);

    public static readonly IReadOnlyList<MongoIndex> Indexes =
    [
        // A retried LeaveQuestion finds the first ticket.
        new(CollectionNames.Tickets, "ix_tickets_client", new BsonDocument { { "visitorId", 1 }, { "clientRequestId", 1 } }, Unique: true,
            PartialFilter: new BsonDocument("clientRequestId", new BsonDocument("$exists", true))),
        // One follow-up per chat.
        new(CollectionNames.Tickets, "ix_tickets_conversation", new BsonDocument("conversationId", 1), Unique: true,
            PartialFilter: new BsonDocument("conversationId", new BsonDocument("$exists", true))),
        // Lists by status and due date, overdue and reminders.
        new(CollectionNames.Tickets, "ix_tickets_status_due", new BsonDocument { { "status", 1 }, { "dueAt", 1 } }),
        // The mail outbox: answers still to send (multikey).
        new(CollectionNames.Tickets, "ix_tickets_mail", new BsonDocument("answers.delivery", 1)),
    ];

    public async Task<Ticket> AddAsync(Ticket ticket, CancellationToken ct)
    {
        try
        {
            await mongo.Tickets.InsertOneAsync(ticket, cancellationToken: ct);
        }
        catch (MongoException e) when (MongoStorage.IsDuplicateKey(e))
        {
            // A retry of the same request or a second follow-up of the same chat: the stored ticket is the answer.
        }
        var same = new BsonArray { new BsonDocument("_id", ticket.Id) };
        if (ticket.ClientRequestId is { } client)
            same.Add(new BsonDocument { { "visitorId", (BsonValue?)ticket.VisitorId ?? BsonNull.Value }, { "clientRequestId", client } });
        if (ticket.ConversationId is { } conversation)
            same.Add(new BsonDocument("conversationId", conversation));
        return await mongo.Tickets.Find(new BsonDocument("$or", same)).FirstOrDefaultAsync(ct) ?? ticket;
    }

    public async Task<Ticket?> FindAsync(string id, CancellationToken ct) =>
        await mongo.Tickets.Find(new BsonDocument("_id", id)).FirstOrDefaultAsync(ct);

    public Task ReplaceAsync(Ticket ticket, CancellationToken ct) =>
        mongo.Tickets.ReplaceOneAsync(new BsonDocument("_id", ticket.Id), ticket, cancellationToken: ct);

    public async Task<IReadOnlyList<Ticket>> ListAsync(TicketQuery query, CancellationToken ct)
    {
        var documents = await mongo.Raw(CollectionNames.Tickets).Aggregate<BsonDocument>(ListPipeline(query), cancellationToken: ct).ToListAsync(ct);
        return documents.Select(d => MongoDB.Bson.Serialization.BsonSerializer.Deserialize<Ticket>(d)).ToList();
    }

    /// <summary>
    /// Open and pending first, soonest due first with no due date last, then closed ones most recently closed first:
    /// the SQL ORDER BY needs computed keys, so this is a pipeline with $addFields before the $sort.
    /// </summary>
    public static BsonDocument[] ListPipeline(TicketQuery query)
    {
        var match = new BsonDocument();
        var status = new List<BsonDocument>();
        if (query.Status is { } wanted)
            status.Add(new BsonDocument("status", SnakeCaseEnumSerializer<TicketStatus>.Name(wanted)));
        if (query.OwnerId is { } owner)
            match.Add("ownerId", owner);
        if (query.OverdueOnly)
        {
            status.Add(new BsonDocument("status", Open));
            match.Add("dueAt", new BsonDocument("$lt", query.Now.UtcDateTime));
        }
        if (status.Count > 0)
            match.Add("$and", new BsonArray(status));
        if (query.Queues is { } queues)
            match.Add("queueId", new BsonDocument("$in", new BsonArray(queues)));
        var isClosed = new BsonDocument("$eq", new BsonArray { "$status", Closed });
        return
        [
            new("$match", match),
            new("$addFields", new BsonDocument
            {
                { "_closed", isClosed },
                { "_closedAt", new BsonDocument("$cond", new BsonArray { isClosed, "$closedAt", BsonNull.Value }) },
                { "_noDue", new BsonDocument("$eq", new BsonArray { new BsonDocument("$ifNull", new BsonArray { "$dueAt", BsonNull.Value }), BsonNull.Value }) },
            }),
            new("$sort", new BsonDocument { { "_closed", 1 }, { "_closedAt", -1 }, { "_noDue", 1 }, { "dueAt", 1 }, { "createdAt", -1 }, { "_id", 1 } }),
            new("$limit", query.Take),
            new("$project", new BsonDocument { { "_closed", 0 }, { "_closedAt", 0 }, { "_noDue", 0 } }),
        ];
    }

    public async Task<IReadOnlyList<Ticket>> ListToRemindAsync(DateTimeOffset dueBy, CancellationToken ct) =>
        await mongo.Tickets.Find(new BsonDocument
            {
                { "status", Open }, { "remindedAt", BsonNull.Value }, { "dueAt", new BsonDocument("$lte", dueBy.UtcDateTime) },
            }).Sort(new BsonDocument("dueAt", 1)).Limit(100).ToListAsync(ct);

    public async Task<IReadOnlyList<Ticket>> ListMailPendingAsync(CancellationToken ct) =>
        await mongo.Tickets.Find(new BsonDocument("answers.delivery", SnakeCaseEnumSerializer<Delivery>.Name(Delivery.Pending)))
            .Sort(new BsonDocument("createdAt", 1)).Limit(100).ToListAsync(ct);
}
