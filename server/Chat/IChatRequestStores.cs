namespace AskLibrary.Chat;

/// <summary>A question left while nobody was on duty.</summary>
public sealed record OfflineQuestionRecord(
    string Id,
    string VisitorId,
    string ClientRequestId,
    string QueueId,
    string Question,
    string Email,
    string? Name,
    DateTimeOffset CreatedAt,
    string Status);

/// <summary>A patron's request for a transcript by email; sending is the mail feature's job.</summary>
public sealed record TranscriptRequestRecord(
    string Id,
    string ConversationId,
    string Email,
    DateTimeOffset RequestedAt,
    DateTimeOffset? SentAt);

public interface IOfflineQuestionStore
{
    /// <summary>Adds the question unless this visitor already sent one with the same client request id; returns the stored one.</summary>
    Task<OfflineQuestionRecord> AddAsync(OfflineQuestionRecord question, CancellationToken ct);

    Task<IReadOnlyList<OfflineQuestionRecord>> ListAsync(int take, CancellationToken ct);
}

public interface ITranscriptRequestStore
{
    Task AddAsync(TranscriptRequestRecord request, CancellationToken ct);

    Task<IReadOnlyList<TranscriptRequestRecord>> ListForConversationAsync(string conversationId, CancellationToken ct);
}
