using AskLibrary.Knowledge.Articles;
using AskLibrary.Patrons;
using AskLibrary.Tickets;
using MongoDB.Bson;
using MongoDB.Driver;

namespace AskLibrary.Storage.MongoDb;

/// <summary>A patron's tickets and knowledge-base events for the profile timeline, and unlinking the events.</summary>
public sealed class MongoPatronActivityStore(MongoStorage mongo) : IPatronActivityStore
{
    private static readonly string Shown = SnakeCaseEnumSerializer<KbEventKind>.Name(KbEventKind.Shown);

    public static readonly IReadOnlyList<MongoIndex> Indexes =
    [
        // The tickets a visitor left (the follow-ups of their chats use ix_tickets_conversation).
        new(CollectionNames.Tickets, "ix_tickets_visitor", new BsonDocument { { "visitorId", 1 }, { "createdAt", -1 } },
            PartialFilter: new BsonDocument("visitorId", new BsonDocument("$exists", true))),
        // A visitor's events, newest first, and unlinking them; events without a visitor are not indexed.
        new(CollectionNames.KbEvents, "ix_kb_events_visitor", new BsonDocument { { "visitorId", 1 }, { "at", -1 } },
            PartialFilter: new BsonDocument("visitorId", new BsonDocument("$exists", true))),
    ];

    /// <summary>tickets: the visitor's own, or the follow-up of one of their chats.</summary>
    public static BsonDocument TicketsFilter(string visitorId, IReadOnlyCollection<string> conversationIds)
    {
        var either = new BsonArray { new BsonDocument("visitorId", visitorId) };
        if (conversationIds.Count > 0)
            either.Add(new BsonDocument("conversationId", new BsonDocument("$in", new BsonArray(conversationIds))));
        return new BsonDocument("$or", either);
    }

    /// <summary>kb_events: the visitor's events other than "shown".</summary>
    public static BsonDocument KbEventsFilter(string visitorId) =>
        new() { { "visitorId", visitorId }, { "kind", new BsonDocument("$ne", Shown) } };

    /// <summary>Drops the link to the visitor and the typed text; article, kind and time stay for the statistics.</summary>
    public static readonly BsonDocument Unlink = new("$unset", new BsonDocument { { "visitorId", "" }, { "query", "" } });

    public async Task<IReadOnlyList<Ticket>> ListTicketsAsync(string visitorId, IReadOnlyCollection<string> conversationIds, CancellationToken ct) =>
        await mongo.Tickets.Find(TicketsFilter(visitorId, conversationIds))
            .Sort(new BsonDocument { { "createdAt", -1 }, { "_id", 1 } }).ToListAsync(ct);

    public async Task<IReadOnlyList<KbEvent>> ListKbEventsAsync(string visitorId, int take, CancellationToken ct) =>
        await mongo.KbEvents.Find(KbEventsFilter(visitorId))
            .Sort(new BsonDocument { { "at", -1 }, { "_id", -1 } }).Limit(take).ToListAsync(ct);

    public async Task<int> ForgetKbEventsAsync(string visitorId, CancellationToken ct) =>
        (int)(await mongo.Raw(CollectionNames.KbEvents).UpdateManyAsync(new BsonDocument("visitorId", visitorId), Unlink, cancellationToken: ct)).ModifiedCount;

    public async Task<int> ForgetKbEventsBeforeAsync(DateTimeOffset before, CancellationToken ct) =>
        (int)(await mongo.Raw(CollectionNames.KbEvents).UpdateManyAsync(
            new BsonDocument { { "visitorId", new BsonDocument("$exists", true) }, { "at", new BsonDocument("$lt", before.UtcDateTime) } },
            Unlink, cancellationToken: ct)).ModifiedCount;
}
