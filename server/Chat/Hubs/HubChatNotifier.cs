using AskLibrary.Chat.Contracts;
using Microsoft.AspNetCore.SignalR;

namespace AskLibrary.Chat.Hubs;

/// <summary>Maps ChatService's recipients onto hub groups. No decisions here: ChatService makes them.</summary>
public sealed class HubChatNotifier(
    IHubContext<PatronHub, IPatronClient> patrons,
    IHubContext<StaffHub, IStaffClient> staff) : IChatNotifier
{
    public Task ToPatronAsync(string visitorId, ChatMessage message) =>
        patrons.Clients.Group(ChatGroups.Visitor(visitorId)).MessageAdded(message);

    public Task ToPatronAsync(string visitorId, ChatState chat) =>
        patrons.Clients.Group(ChatGroups.Visitor(visitorId)).ChatUpdated(chat);

    public Task ToPatronAsync(string visitorId, TypingEvent typing) =>
        patrons.Clients.Group(ChatGroups.Visitor(visitorId)).TypingChanged(typing);

    public Task QueueStatusChangedAsync(QueueStatus status) =>
        patrons.Clients.Group(ChatGroups.QueueStatus(status.QueueId)).QueueStatusChanged(status);

    public Task ToConversationStaffAsync(string conversationId, ChatMessage message) =>
        staff.Clients.Group(ChatGroups.Conversation(conversationId)).MessageAdded(message);

    public Task ToConversationStaffAsync(string conversationId, ChatSummary chat) =>
        staff.Clients.Group(ChatGroups.Conversation(conversationId)).ChatUpdated(chat);

    public Task ToConversationStaffAsync(string conversationId, TypingEvent typing) =>
        staff.Clients.Group(ChatGroups.Conversation(conversationId)).TypingChanged(typing);

    public Task QueueChangedAsync(QueueView queue) =>
        staff.Clients.Group(ChatGroups.StaffQueue(queue.QueueId)).QueueChanged(queue);

    public Task ChatAssignedAsync(string staffId, ChatSummary chat) =>
        staff.Clients.Group(ChatGroups.Staff(staffId)).ChatAssigned(chat);

    public async Task ChatUnassignedAsync(string staffId, ChatUnassigned info, IReadOnlyCollection<string> staffConnections)
    {
        await staff.Clients.Group(ChatGroups.Staff(staffId)).ChatUnassigned(info);
        // The chat is no longer theirs: stop its messages reaching their tabs.
        foreach (var connectionId in staffConnections)
            await staff.Groups.RemoveFromGroupAsync(connectionId, ChatGroups.Conversation(info.ConversationId));
    }

    public Task PresenceChangedAsync(IReadOnlyList<LibrarianPresence> changed) =>
        staff.Clients.Group(ChatGroups.AllStaff).PresenceChanged(changed);
}
