namespace AskLibrary.Chat;

/// <summary>
/// A patron's request for a transcript by email. The mail outbox sends it once the chat has ended
/// (SentAt), retrying a failed send a few times (Attempts). Retention empties the address (AnonymisedAt).
/// </summary>
public sealed record TranscriptRequestRecord(
    string Id,
    string ConversationId,
    string Email,
    DateTimeOffset RequestedAt,
    DateTimeOffset? SentAt,
    int Attempts = 0,
    DateTimeOffset? AnonymisedAt = null);

public interface ITranscriptRequestStore
{
    Task AddAsync(TranscriptRequestRecord request, CancellationToken ct);

    Task<IReadOnlyList<TranscriptRequestRecord>> ListForConversationAsync(string conversationId, CancellationToken ct);

    /// <summary>Requests not sent yet that have been tried fewer than <paramref name="maxAttempts"/> times, oldest first.</summary>
    Task<IReadOnlyList<TranscriptRequestRecord>> ListUnsentAsync(int maxAttempts, CancellationToken ct);

    Task ReplaceAsync(TranscriptRequestRecord request, CancellationToken ct);
}
