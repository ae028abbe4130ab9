using AskLibrary.Chat.Contracts;

namespace AskLibrary.Chat;

/// <summary>
/// A conversation document as stored (SQLite JSON column today, a MongoDB document tomorrow).
/// Immutable: every change is a `with` copy that the service stores before anyone is told.
/// </summary>
public sealed record Conversation
{
    public required string Id { get; init; }
    public required string QueueId { get; init; }
    public required string VisitorId { get; init; }
    public required string Question { get; init; }
    public required string StartClientMessageId { get; init; }
    public ConversationState State { get; init; } = ConversationState.Waiting;
    public PatronDetails Patron { get; init; } = PatronDetails.Empty;
    public string? Language { get; init; }
    /// <summary>The patron's address as the queue's IpAddresses setting keeps it (a /24 or /48 subnet, or whole); null: not kept.</summary>
    public string? PatronAddress { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    /// <summary>When the chat last entered a queue (start, requeue, transfer to a queue).</summary>
    public DateTimeOffset? WaitingSince { get; init; }
    /// <summary>Put back at the front of its queue (librarian lost, transfer).</summary>
    public bool FrontOfQueue { get; init; }
    public DateTimeOffset? AcceptedAt { get; init; }
    public DateTimeOffset? FirstResponseAt { get; init; }
    public DateTimeOffset? ClosedAt { get; init; }
    public string? AssignedToId { get; init; }
    public string? AssignedToName { get; init; }
    public long LastSeq { get; init; }
    public ChatRating? Rating { get; init; }
    /// <summary>When personal data was scrubbed from this chat (retention or a patron's request); statistics stay.</summary>
    public DateTimeOffset? AnonymisedAt { get; init; }
    /// <summary>When the message texts were discarded because the queue does not keep transcripts.</summary>
    public DateTimeOffset? TextDiscardedAt { get; init; }
    /// <summary>Topic tags staff gave the chat (normalized by <see cref="Classification.TopicTags"/>); statistics, not personal data.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];
    /// <summary>The librarian's READ scale effort rating, 1–6 (<see cref="Classification.ReadScale"/>); null until rated.</summary>
    public int? ReadScale { get; init; }

    public bool IsOpen => State is ConversationState.Waiting or ConversationState.Active;

    /// <summary>Wait from the chat's creation to its first acceptance.</summary>
    public TimeSpan? WaitTime => AcceptedAt - CreatedAt;
    public TimeSpan? FirstResponseTime => FirstResponseAt - AcceptedAt;
    public TimeSpan? Duration => ClosedAt - CreatedAt;
}

/// <summary>The patron's rating of a finished chat.</summary>
public sealed record ChatRating(int Score, string? Comment, DateTimeOffset At);

/// <summary>A message before the store has numbered it.</summary>
public sealed record NewMessage(
    string ConversationId,
    MessageKind Kind,
    string? AuthorId,
    string? AuthorName,
    string Text,
    string? ClientMessageId,
    string? Event,
    DateTimeOffset At);

/// <summary>A numbered, persisted message.</summary>
public sealed record StoredMessage(
    string ConversationId,
    long Seq,
    MessageKind Kind,
    string? AuthorId,
    string? AuthorName,
    string Text,
    string? ClientMessageId,
    string? Event,
    DateTimeOffset At)
{
    public ChatMessage ToContract() => new(ConversationId, Seq, Kind, AuthorName, Text, ClientMessageId, Event, At);
}

/// <summary>The outcome of an append: the stored message, and whether it had been stored before.</summary>
public sealed record AppendResult(StoredMessage Message, bool Duplicate);

/// <summary>System events written into transcripts.</summary>
public static class SystemEvents
{
    public const string Created = "created";
    public const string Joined = "joined";
    public const string Transferred = "transferred";
    public const string Requeued = "requeued";
    public const string Ended = "ended";
    public const string Abandoned = "abandoned";
    public const string Rated = "rated";
    public const string Restarting = "restarting";
}
