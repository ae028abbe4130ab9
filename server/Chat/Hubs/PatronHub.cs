using AskLibrary.Chat.Contracts;
using AskLibrary.Patrons;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace AskLibrary.Chat.Hubs;

/// <summary>The widget's hub. Thin: who is calling (the signed visitor token), then ChatService.</summary>
[Authorize(AuthenticationSchemes = VisitorAuthentication.Scheme)]
public sealed class PatronHub(ChatService chat) : Hub<IPatronClient>
{
    private string VisitorId => VisitorAuthentication.VisitorIdOf(Context.User);

    public override async Task OnConnectedAsync()
    {
        await Groups.AddToGroupAsync(Context.ConnectionId, ChatGroups.Visitor(VisitorId));
        await chat.PatronConnectedAsync(VisitorId, Context.ConnectionId);
    }

    public override Task OnDisconnectedAsync(Exception? exception) => chat.PatronDisconnectedAsync(VisitorId, Context.ConnectionId);

    public async Task<QueueStatus> GetQueueStatus(string queueId)
    {
        var status = await chat.GetQueueStatusAsync(queueId);
        await Groups.AddToGroupAsync(Context.ConnectionId, ChatGroups.QueueStatus(status.QueueId));
        return status;
    }

    public Task<ChatState?> GetCurrentChat() => chat.GetCurrentChatAsync(VisitorId);

    // The address the server sees: the forwarded one only from a configured reverse proxy (Web/ReverseProxy.cs).
    public Task<ChatState> StartChat(StartChatRequest request) => chat.StartChatAsync(VisitorId, request, Context.GetHttpContext()?.Connection.RemoteIpAddress);

    public Task<ResumeResult> Resume(string conversationId, long afterSeq) => chat.ResumeAsync(VisitorId, conversationId, afterSeq);

    public Task<SendAck> SendMessage(string conversationId, string clientMessageId, string text) =>
        chat.SendPatronMessageAsync(VisitorId, conversationId, clientMessageId, text);

    public Task SetTyping(string conversationId, bool isTyping) => chat.SetPatronTypingAsync(VisitorId, conversationId, isTyping);

    public Task<ChatState> EndChat(string conversationId) => chat.EndChatByPatronAsync(VisitorId, conversationId);

    public Task RateChat(string conversationId, int score, string? comment) => chat.RateChatAsync(VisitorId, conversationId, score, comment);

    public Task RequestTranscript(string conversationId, string email) => chat.RequestTranscriptAsync(VisitorId, conversationId, email);

    public Task SetPatronDetails(PatronDetails details) => chat.SetPatronDetailsAsync(VisitorId, details);

    public Task<OfflineQuestionReceipt> LeaveQuestion(OfflineQuestionRequest request) => chat.LeaveQuestionAsync(VisitorId, request);
}
