using AskLibrary.Chat.Contracts;
using AskLibrary.Staff;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace AskLibrary.Chat.Hubs;

/// <summary>The librarian console's hub. Signed-in librarians and admins only; logic lives in ChatService.</summary>
[Authorize(Policy = StaffPolicies.Chat)]
public sealed class StaffHub(ChatService chat, AuditLog audit) : Hub<IStaffClient>
{
    private StaffIdentity Caller => StaffAuthentication.IdentityOf(Context.User);

    public override async Task OnConnectedAsync()
    {
        await Groups.AddToGroupAsync(Context.ConnectionId, ChatGroups.AllStaff);
        await Groups.AddToGroupAsync(Context.ConnectionId, ChatGroups.Staff(Caller.Id));
        await chat.StaffConnectedAsync(Caller, Context.ConnectionId);
        var snapshot = await chat.GetSnapshotAsync(Caller);
        foreach (var queue in snapshot.Queues)
            await Groups.AddToGroupAsync(Context.ConnectionId, ChatGroups.StaffQueue(queue.QueueId));
    }

    public override Task OnDisconnectedAsync(Exception? exception) => chat.StaffDisconnectedAsync(Caller, Context.ConnectionId);

    public Task<StaffSnapshot> GetSnapshot() => chat.GetSnapshotAsync(Caller);

    public Task<LibrarianPresence> SetPresence(Presence presence) => chat.SetPresenceAsync(Caller, presence);

    public async Task<ChatSummary> Accept(string conversationId)
    {
        var summary = await chat.AcceptAsync(Caller, conversationId);
        await Groups.AddToGroupAsync(Context.ConnectionId, ChatGroups.Conversation(summary.ConversationId));
        return summary;
    }

    public async Task<StaffResumeResult> Open(string conversationId, long afterSeq)
    {
        // Join before reading, so a message stored in between arrives live rather than not at all.
        var group = ChatGroups.Conversation(ChatInput.Id(conversationId, "conversationId"));
        await Groups.AddToGroupAsync(Context.ConnectionId, group);
        try
        {
            var opened = await chat.OpenAsync(Caller, conversationId, afterSeq);
            // On record before the transcript and the patron's details reach the console.
            await audit.RecordAsync(Caller, AuditActions.ChatOpened, opened.Chat.ConversationId, null, Context.ConnectionAborted);
            return opened;
        }
        catch
        {
            await Groups.RemoveFromGroupAsync(Context.ConnectionId, group);
            throw;
        }
    }

    public Task<SendAck> SendMessage(string conversationId, string clientMessageId, string text) =>
        chat.SendLibrarianMessageAsync(Caller, conversationId, clientMessageId, text);

    public Task<SendAck> AddNote(string conversationId, string clientMessageId, string text) =>
        chat.AddNoteAsync(Caller, conversationId, clientMessageId, text);

    public Task SetTyping(string conversationId, bool isTyping) => chat.SetLibrarianTypingAsync(Caller, conversationId, isTyping);

    public Task Transfer(TransferRequest request) => chat.TransferAsync(Caller, request);

    public Task<ChatSummary> EndChat(string conversationId) => chat.EndChatByStaffAsync(Caller, conversationId);

    public Task BlockVisitor(string conversationId, int minutes, string reason) => chat.BlockVisitorAsync(Caller, conversationId, minutes, reason);

    public Task<string> RenderCanned(string conversationId, string cannedId) => chat.RenderCannedAsync(Caller, conversationId, cannedId);
}
