namespace AskLibrary.Chat.Contracts;

// The C# side of widget/src/shared/protocol.ts. Property names travel in camelCase and enums as
// snake_case strings (see ChatExtensions.AddChat), so these records match the TypeScript shapes.

/// <summary>State of a conversation as patrons and staff see it.</summary>
public enum ConversationState { Waiting, Active, Closed, Abandoned }

/// <summary>Who wrote a message; notes are internal and never reach the patron.</summary>
public enum MessageKind { Patron, Librarian, System, Note }

/// <summary>Librarian presence across all of their connections.</summary>
public enum Presence { Available, Away, Offline }

/// <summary>How a queue hands waiting chats to librarians.</summary>
public enum AssignmentPolicy { Offer, Auto }

/// <summary>Why a queue is or is not taking chats.</summary>
public enum QueueAvailability { Open, Closed, NobodyAvailable }

/// <summary>Who is typing.</summary>
public enum TypingParty { Patron, Librarian }

/// <summary>A signed anonymous visitor identity for the widget.</summary>
public sealed record VisitorSession(string VisitorId, string Token);

/// <summary>Optional patron details the host page or the patron may give.</summary>
public sealed record PatronDetails(string? Name, string? Email, string? CardNumber)
{
    public static readonly PatronDetails Empty = new(null, null, null);
}

/// <summary>Whether a queue is staffed now, and when it opens if not.</summary>
public sealed record QueueStatus(
    string QueueId,
    string Name,
    bool Online,
    QueueAvailability Availability,
    DateTimeOffset? OpensAt,
    int WaitingCount,
    int? EstimatedWaitSeconds);

/// <summary>A patron's request to start a chat; the question becomes the first message.</summary>
public sealed record StartChatRequest(
    string QueueId,
    string Question,
    string ClientMessageId,
    PatronDetails? Patron,
    string? Language);

/// <summary>The patron's view of their conversation.</summary>
public sealed record ChatState(
    string ConversationId,
    string QueueId,
    ConversationState State,
    int? Position,
    int? EstimatedWaitSeconds,
    string? LibrarianName,
    long LastSeq,
    bool Rated);

/// <summary>One transcript entry.</summary>
public sealed record ChatMessage(
    string ConversationId,
    long Seq,
    MessageKind Kind,
    string? AuthorName,
    string Text,
    string? ClientMessageId,
    string? Event,
    DateTimeOffset At);

/// <summary>Acknowledges a stored message.</summary>
public sealed record SendAck(long Seq, bool Duplicate);

/// <summary>What a patron gets back when resuming a conversation.</summary>
public sealed record ResumeResult(ChatState Chat, IReadOnlyList<ChatMessage> Messages);

/// <summary>Typing indicator.</summary>
public sealed record TypingEvent(string ConversationId, TypingParty From, string? Name, bool IsTyping);

/// <summary>A question left while nobody is on duty.</summary>
public sealed record OfflineQuestionRequest(
    string QueueId,
    string Question,
    string Email,
    string? Name,
    string ClientRequestId,
    string? Language = null);

/// <summary>Receipt for an offline question.</summary>
public sealed record OfflineQuestionReceipt(string Id);
