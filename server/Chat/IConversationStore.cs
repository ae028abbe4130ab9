namespace AskLibrary.Chat;

/// <summary>Conversations and their transcripts, shaped by what ChatService and the transcript API need.</summary>
public interface IConversationStore
{
    /// <summary>Stores a new conversation together with its first message (seq 1), atomically.</summary>
    Task<StoredMessage> CreateAsync(Conversation conversation, NewMessage firstMessage, CancellationToken ct);

    /// <summary>Replaces the conversation document (state, assignment, rating…); LastSeq is kept by the store.</summary>
    Task ReplaceAsync(Conversation conversation, CancellationToken ct);

    Task<Conversation?> FindAsync(string conversationId, CancellationToken ct);

    /// <summary>The conversation a visitor started with this client message id, for idempotent starts.</summary>
    Task<Conversation?> FindStartedAsync(string visitorId, string clientMessageId, CancellationToken ct);

    /// <summary>Waiting and active conversations, oldest first.</summary>
    Task<IReadOnlyList<Conversation>> ListOpenAsync(CancellationToken ct);

    /// <summary>
    /// Numbers and stores a message. If the conversation already holds a message with the same
    /// ClientMessageId, nothing is written and that message is returned with Duplicate = true.
    /// </summary>
    Task<AppendResult> AppendAsync(NewMessage message, CancellationToken ct);

    /// <summary>
    /// A routing step in one transaction: replaces the document (as <see cref="ReplaceAsync"/>) and appends a message
    /// without a client id (a "joined" or "ended" notice), numbered next. Both are stored, or neither.
    /// </summary>
    Task<StoredMessage> ReplaceAndAppendAsync(Conversation conversation, NewMessage message, CancellationToken ct);

    /// <summary>
    /// Appends a message as <see cref="AppendAsync"/> does and, unless it is a duplicate, replaces the document (as
    /// <see cref="ReplaceAsync"/>) in the same transaction: a librarian's first reply and the time it was given are
    /// stored together, or neither. A duplicate leaves the document as it is.
    /// </summary>
    Task<AppendResult> AppendAndReplaceAsync(NewMessage message, Conversation conversation, CancellationToken ct);

    Task<StoredMessage?> FindByClientMessageIdAsync(string conversationId, string clientMessageId, CancellationToken ct);

    Task<IReadOnlyList<StoredMessage>> ListMessagesAsync(string conversationId, long afterSeq, bool includeNotes, CancellationToken ct);

    Task<(IReadOnlyList<Conversation> Items, int Total)> SearchAsync(TranscriptQuery query, CancellationToken ct);

    /// <summary>Replaces a finished conversation and the texts of the given messages in one transaction (privacy: scrub, discard).</summary>
    Task RedactAsync(Conversation conversation, IReadOnlyList<StoredMessage> messages, CancellationToken ct);

    /// <summary>Finished (closed or abandoned) conversations created before a time, oldest first, that are not yet anonymised.</summary>
    Task<IReadOnlyList<Conversation>> ListUnanonymisedBeforeAsync(DateTimeOffset createdBefore, int take, CancellationToken ct);

    /// <summary>Finished conversations of the given queues whose texts have not been discarded yet.</summary>
    Task<IReadOnlyList<Conversation>> ListTextKeptAsync(IReadOnlyCollection<string> queueIds, int take, CancellationToken ct);

    /// <summary>Every conversation of one visitor, newest first (a patron's data export or erasure).</summary>
    Task<IReadOnlyList<Conversation>> ListForVisitorAsync(string visitorId, CancellationToken ct);
}

/// <summary>Transcript search: created within [From, To), in a queue, with a message containing Text.</summary>
public sealed record TranscriptQuery(DateTimeOffset? From, DateTimeOffset? To, string? QueueId, string? Text, int Skip, int Take);
