using AskLibrary.Chat.Contracts;

namespace AskLibrary.Chat;

/// <summary>
/// Who is told what. ChatService decides the recipients; the SignalR implementation
/// (HubChatNotifier) only maps them to hub groups, so the domain stays free of SignalR types.
/// </summary>
public interface IChatNotifier
{
    Task ToPatronAsync(string visitorId, ChatMessage message);
    Task ToPatronAsync(string visitorId, ChatState chat);
    Task ToPatronAsync(string visitorId, TypingEvent typing);
    Task QueueStatusChangedAsync(QueueStatus status);

    Task ToConversationStaffAsync(string conversationId, ChatMessage message);
    Task ToConversationStaffAsync(string conversationId, ChatSummary chat);
    Task ToConversationStaffAsync(string conversationId, TypingEvent typing);
    Task QueueChangedAsync(QueueView queue);
    Task ChatAssignedAsync(string staffId, ChatSummary chat);
    Task ChatUnassignedAsync(string staffId, ChatUnassigned info, IReadOnlyCollection<string> staffConnections);
    Task PresenceChangedAsync(IReadOnlyList<LibrarianPresence> changed);
}
