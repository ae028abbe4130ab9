namespace AskLibrary.Chat.Contracts;

/// <summary>A conversation as the console lists it.</summary>
public sealed record ChatSummary(
    string ConversationId,
    string QueueId,
    ConversationState State,
    string Question,
    string? PatronName,
    string? PatronEmail,
    DateTimeOffset CreatedAt,
    DateTimeOffset? WaitingSince,
    DateTimeOffset? AcceptedAt,
    DateTimeOffset? ClosedAt,
    string? AssignedToId,
    string? AssignedToName,
    long LastSeq,
    // The patron's visitor id: the key of their profile (GET /api/staff/patrons/{visitorId}), shown beside the chat.
    string? VisitorId = null);

/// <summary>One queue with its waiting chats.</summary>
public sealed record QueueView(
    string QueueId,
    string Name,
    AssignmentPolicy Policy,
    QueueStatus Status,
    IReadOnlyList<ChatSummary> Waiting);

/// <summary>A librarian's presence and load.</summary>
public sealed record LibrarianPresence(
    string StaffId,
    string DisplayName,
    Presence Presence,
    int ActiveChats,
    int Capacity,
    IReadOnlyList<string> Queues);

/// <summary>Everything the console needs after connecting.</summary>
public sealed record StaffSnapshot(
    LibrarianPresence Me,
    IReadOnlyList<QueueView> Queues,
    IReadOnlyList<ChatSummary> Mine,
    IReadOnlyList<LibrarianPresence> Librarians);

/// <summary>Transfer to a queue or to a librarian, with an optional internal note.</summary>
public sealed record TransferRequest(string ConversationId, string? ToQueueId, string? ToStaffId, string? Note);

/// <summary>A conversation with its messages, notes included.</summary>
public sealed record StaffResumeResult(ChatSummary Chat, IReadOnlyList<ChatMessage> Messages);

/// <summary>Tells a librarian a chat is no longer theirs.</summary>
public sealed record ChatUnassigned(string ConversationId, string Reason);

/// <summary>One page of transcript search results.</summary>
public sealed record TranscriptPage(IReadOnlyList<ChatSummary> Items, int Total, int Page, int PageSize);

/// <summary>A reusable reply; OwnerId is null for shared responses.</summary>
public sealed record CannedResponse(string Id, string Title, string Text, string? OwnerId);

/// <summary>Create or update a canned response.</summary>
public sealed record CannedResponseInput(string Title, string Text, bool Shared);

/// <summary>An offline question as staff see it.</summary>
public sealed record OfflineQuestion(
    string Id,
    string QueueId,
    string Question,
    string Email,
    string? Name,
    DateTimeOffset CreatedAt,
    string Status);
