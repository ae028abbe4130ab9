using AskLibrary.Chat;
using AskLibrary.Chat.Contracts;
using MongoDB.Bson;
using MongoDB.Driver;

namespace AskLibrary.Storage.MongoDb;

/// <summary>
/// Conversations and their messages in two collections. Numbering is one findOneAndUpdate $inc of the
/// conversation's lastSeq, and it runs in a transaction with the message insert so that a failed or
/// duplicate insert leaves no gap in the sequence.
/// </summary>
public sealed class MongoConversationStore(MongoStorage mongo) : IConversationStore
{
    private static readonly string[] Open = [Stored(ConversationState.Waiting), Stored(ConversationState.Active)];
    private static readonly string[] Finished = [Stored(ConversationState.Closed), Stored(ConversationState.Abandoned)];

    public static readonly IReadOnlyList<MongoIndex> Indexes =
    [
        // FindStartedAsync; a retried start cannot make a second chat.
        new(CollectionNames.Conversations, "ix_conversations_start", new BsonDocument { { "visitorId", 1 }, { "startClientMessageId", 1 } }, Unique: true),
        // ListOpenAsync and the retention lists (state, oldest first).
        new(CollectionNames.Conversations, "ix_conversations_state", new BsonDocument { { "state", 1 }, { "createdAt", 1 } }),
        // Transcript search and the reports: created in a period.
        new(CollectionNames.Conversations, "ix_conversations_created", new BsonDocument("createdAt", 1)),
        // ListForVisitorAsync and the deflection report's $lookup (a visitor's chats in a window).
        new(CollectionNames.Conversations, "ix_conversations_visitor", new BsonDocument { { "visitorId", 1 }, { "createdAt", 1 } }),
        // One message per number; ListMessagesAsync reads this index in order.
        new(CollectionNames.Messages, "ix_messages_seq", new BsonDocument { { "conversationId", 1 }, { "seq", 1 } }, Unique: true),
        // Idempotent sends. Partial, not sparse: a sparse compound index would still index every message (conversationId is always there).
        new(CollectionNames.Messages, "ix_messages_client_id", new BsonDocument { { "conversationId", 1 }, { "clientMessageId", 1 } }, Unique: true,
            PartialFilter: new BsonDocument("clientMessageId", new BsonDocument("$exists", true))),
    ];

    public async Task<StoredMessage> CreateAsync(Conversation conversation, NewMessage firstMessage, CancellationToken ct)
    {
        var message = Number(firstMessage, 1);
        await mongo.InTransactionAsync(async (session, token) =>
        {
            await mongo.Conversations.InsertOneAsync(session, conversation with { LastSeq = 1 }, cancellationToken: token);
            await mongo.Messages.InsertOneAsync(session, message, cancellationToken: token);
            return true;
        }, ct);
        return message;
    }

    public async Task ReplaceAsync(Conversation conversation, CancellationToken ct)
    {
        var result = await mongo.Raw(CollectionNames.Conversations).UpdateOneAsync(ById(conversation.Id), KeepingLastSeq(conversation), cancellationToken: ct);
        if (result.MatchedCount == 0)
            throw new InvalidOperationException($"Conversation {conversation.Id} does not exist.");
    }

    /// <summary>
    /// Replaces the document but keeps the stored lastSeq (the store moves it, AppendAsync may have just done so):
    /// an update pipeline, atomic on the one document. $literal keeps patron text starting with "$" a string.
    /// </summary>
    public static UpdateDefinition<BsonDocument> KeepingLastSeq(Conversation conversation)
    {
        var document = conversation.ToBsonDocument();
        document.Remove("lastSeq");
        return new PipelineUpdateDefinition<BsonDocument>(new BsonDocument[]
        {
            new("$replaceWith", new BsonDocument("$mergeObjects", new BsonArray { new BsonDocument("$literal", document), new BsonDocument("lastSeq", "$lastSeq") })),
        });
    }

    public async Task<Conversation?> FindAsync(string conversationId, CancellationToken ct) =>
        await mongo.Conversations.Find(ById(conversationId)).FirstOrDefaultAsync(ct);

    public async Task<Conversation?> FindStartedAsync(string visitorId, string clientMessageId, CancellationToken ct) =>
        await mongo.Conversations.Find(new BsonDocument { { "visitorId", visitorId }, { "startClientMessageId", clientMessageId } }).FirstOrDefaultAsync(ct);

    public async Task<IReadOnlyList<Conversation>> ListOpenAsync(CancellationToken ct) =>
        await mongo.Conversations.Find(new BsonDocument("state", new BsonDocument("$in", new BsonArray(Open))))
            .Sort(new BsonDocument { { "createdAt", 1 }, { "_id", 1 } }).ToListAsync(ct);

    /// <summary>A notice has no client id, so it is never a duplicate and the document is always replaced.</summary>
    public async Task<StoredMessage> ReplaceAndAppendAsync(Conversation conversation, NewMessage message, CancellationToken ct) =>
        (await AppendAsync(message with { ClientMessageId = null }, conversation, ct)).Message;

    public Task<AppendResult> AppendAsync(NewMessage message, CancellationToken ct) => AppendAsync(message, null, ct);

    public Task<AppendResult> AppendAndReplaceAsync(NewMessage message, Conversation conversation, CancellationToken ct) =>
        AppendAsync(message, conversation, ct);

    /// <summary>
    /// The append, and the replacement if any, in one transaction. The replacement follows the insert, so it keeps the
    /// lastSeq the insert has just moved (<see cref="KeepingLastSeq"/>).
    /// </summary>
    private async Task<AppendResult> AppendAsync(NewMessage message, Conversation? replacement, CancellationToken ct)
    {
        try
        {
            return await mongo.InTransactionAsync(async (session, token) =>
            {
                if (message.ClientMessageId is { } clientId
                    && await mongo.Messages.Find(session, ByClientId(message.ConversationId, clientId)).FirstOrDefaultAsync(token) is { } stored)
                    return new AppendResult(stored, Duplicate: true);
                var appended = await NumberAndInsertAsync(session, message, token);
                if (replacement is not null)
                    await mongo.Raw(CollectionNames.Conversations).UpdateOneAsync(session, ById(replacement.Id), KeepingLastSeq(replacement), cancellationToken: token);
                return new AppendResult(appended, Duplicate: false);
            }, ct);
        }
        catch (MongoException e) when (MongoStorage.IsDuplicateKey(e) && message.ClientMessageId is { } clientId)
        {
            // The same client id committed by a concurrent append after this transaction's snapshot: the transaction
            // aborted, so no number was used, and the message that won is the answer.
            var stored = await FindByClientMessageIdAsync(message.ConversationId, clientId, ct) ?? throw new InvalidOperationException("Duplicate without a stored message.", e);
            return new AppendResult(stored, Duplicate: true);
        }
    }

    /// <summary>Takes the conversation's next number ($inc of lastSeq) and inserts the message, inside the caller's transaction.</summary>
    private async Task<StoredMessage> NumberAndInsertAsync(IClientSessionHandle session, NewMessage message, CancellationToken token)
    {
        var numbered = await mongo.Raw(CollectionNames.Conversations).FindOneAndUpdateAsync(session, ById(message.ConversationId),
            new BsonDocument("$inc", new BsonDocument("lastSeq", 1L)),
            new FindOneAndUpdateOptions<BsonDocument> { ReturnDocument = ReturnDocument.After, Projection = new BsonDocument("lastSeq", 1) }, token)
            ?? throw new InvalidOperationException($"Conversation {message.ConversationId} does not exist.");
        var storedMessage = Number(message, numbered["lastSeq"].ToInt64());
        await mongo.Messages.InsertOneAsync(session, storedMessage, cancellationToken: token);
        return storedMessage;
    }

    public async Task<StoredMessage?> FindByClientMessageIdAsync(string conversationId, string clientMessageId, CancellationToken ct) =>
        await mongo.Messages.Find(ByClientId(conversationId, clientMessageId)).FirstOrDefaultAsync(ct);

    public async Task<IReadOnlyList<StoredMessage>> ListMessagesAsync(string conversationId, long afterSeq, bool includeNotes, CancellationToken ct)
    {
        var filter = new BsonDocument { { "conversationId", conversationId }, { "seq", new BsonDocument("$gt", afterSeq) } };
        if (!includeNotes)
            filter.Add("kind", new BsonDocument("$ne", SnakeCaseEnumSerializer<MessageKind>.Name(MessageKind.Note)));
        return await mongo.Messages.Find(filter).Sort(new BsonDocument("seq", 1)).ToListAsync(ct);
    }

    public async Task<(IReadOnlyList<Conversation> Items, int Total)> SearchAsync(TranscriptQuery query, CancellationToken ct)
    {
        var result = await mongo.Raw(CollectionNames.Conversations).Aggregate<BsonDocument>(MongoSearchPipeline.Transcripts(query), cancellationToken: ct).SingleAsync(ct);
        var total = result["total"].AsBsonArray.Select(t => t["n"].ToInt32()).FirstOrDefault();
        return (result["items"].AsBsonArray.Select(d => MongoDB.Bson.Serialization.BsonSerializer.Deserialize<Conversation>(d.AsBsonDocument)).ToList(), total);
    }

    public async Task RedactAsync(Conversation conversation, IReadOnlyList<StoredMessage> messages, CancellationToken ct) =>
        await mongo.InTransactionAsync(async (session, token) =>
        {
            var finished = new BsonDocument { { "_id", conversation.Id }, { "state", new BsonDocument("$in", new BsonArray(Finished)) } };
            var updated = await mongo.Raw(CollectionNames.Conversations).UpdateOneAsync(session, finished, KeepingLastSeq(conversation), cancellationToken: token);
            if (updated.MatchedCount != 1)
                throw new InvalidOperationException($"Conversation {conversation.Id} is not finished; only finished chats are redacted.");
            foreach (var message in messages)
                await mongo.Messages.ReplaceOneAsync(session, new BsonDocument { { "conversationId", conversation.Id }, { "seq", message.Seq } }, message, cancellationToken: token);
            return true;
        }, ct);

    public async Task<IReadOnlyList<Conversation>> ListUnanonymisedBeforeAsync(DateTimeOffset createdBefore, int take, CancellationToken ct) =>
        await mongo.Conversations.Find(new BsonDocument
            {
                { "state", new BsonDocument("$in", new BsonArray(Finished)) },
                { "createdAt", new BsonDocument("$lt", createdBefore.UtcDateTime) },
                { "anonymisedAt", BsonNull.Value },
            }).Sort(new BsonDocument("createdAt", 1)).Limit(take).ToListAsync(ct);

    public async Task<IReadOnlyList<Conversation>> ListTextKeptAsync(IReadOnlyCollection<string> queueIds, int take, CancellationToken ct) =>
        queueIds.Count == 0
            ? []
            : await mongo.Conversations.Find(new BsonDocument
                {
                    { "state", new BsonDocument("$in", new BsonArray(Finished)) },
                    { "queueId", new BsonDocument("$in", new BsonArray(queueIds)) },
                    { "textDiscardedAt", BsonNull.Value },
                }).Sort(new BsonDocument("createdAt", 1)).Limit(take).ToListAsync(ct);

    public async Task<IReadOnlyList<Conversation>> ListForVisitorAsync(string visitorId, CancellationToken ct) =>
        await mongo.Conversations.Find(new BsonDocument("visitorId", visitorId)).Sort(new BsonDocument("createdAt", -1)).ToListAsync(ct);

    private static StoredMessage Number(NewMessage m, long seq) =>
        new(m.ConversationId, seq, m.Kind, m.AuthorId, m.AuthorName, m.Text, m.ClientMessageId, m.Event, m.At);

    private static BsonDocument ById(string id) => new("_id", id);

    private static BsonDocument ByClientId(string conversationId, string clientMessageId) =>
        new() { { "conversationId", conversationId }, { "clientMessageId", clientMessageId } };

    internal static string Stored(ConversationState state) => SnakeCaseEnumSerializer<ConversationState>.Name(state);
}
