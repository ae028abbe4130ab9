namespace AskLibrary.Ratings;

/// <summary>The patrons' ratings of chats as the "My ratings" view reads them.</summary>
public interface IRatingStore
{
    /// <summary>Rated chats that <paramref name="staffId"/> held last, started in [start, end), newest first.</summary>
    Task<IReadOnlyList<RatedChat>> ListRatedAsync(string staffId, DateTimeOffset start, DateTimeOffset end, CancellationToken ct);
}

/// <summary>One rated chat, projected to what the ratings view shows.</summary>
public sealed record RatedChat(string ConversationId, string QueueId, DateTimeOffset CreatedAt, int Score, string? Comment, DateTimeOffset RatedAt);
