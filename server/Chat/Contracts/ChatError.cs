namespace AskLibrary.Chat.Contracts;

/// <summary>The documented error codes (docs/protocol.md, ErrorCode in protocol.ts).</summary>
public static class ErrorCodes
{
    public const string InvalidArgument = "invalid_argument";
    public const string TooLarge = "too_large";
    public const string NotFound = "not_found";
    public const string Forbidden = "forbidden";
    public const string InvalidState = "invalid_state";
    public const string QueueOffline = "queue_offline";
    public const string ConversationOpen = "conversation_open";
    public const string AlreadyClaimed = "already_claimed";
    public const string CapacityFull = "capacity_full";
    public const string NotAssigned = "not_assigned";
    public const string RateLimited = "rate_limited";
    public const string Internal = "internal_error";
    public const string Unavailable = "unavailable";
}

/// <summary>
/// A refusal with a documented code. The hub filter turns it into a HubException "code: text";
/// the REST endpoints turn it into a problem document. Anything else is a bug and is logged.
/// </summary>
public sealed class ChatException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}
