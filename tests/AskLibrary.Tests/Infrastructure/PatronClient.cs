using System.Net.Http.Json;
using AskLibrary.Chat.Contracts;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace AskLibrary.Tests.Infrastructure;

/// <summary>A patron's widget as a real .NET SignalR client: a visitor token and a patron hub connection.</summary>
public sealed class PatronClient : IAsyncDisposable
{
    private PatronClient(HubConnection hub, VisitorSession visitor)
    {
        Hub = hub;
        Visitor = visitor;
        hub.On<ChatMessage>(nameof(IPatronClient.MessageAdded), Messages.Add);
        hub.On<ChatState>(nameof(IPatronClient.ChatUpdated), Updates.Add);
        hub.On<TypingEvent>(nameof(IPatronClient.TypingChanged), Typing.Add);
        hub.On<QueueStatus>(nameof(IPatronClient.QueueStatusChanged), QueueStatuses.Add);
    }

    public HubConnection Hub { get; }
    public VisitorSession Visitor { get; }
    public EventLog<ChatMessage> Messages { get; } = new();
    public EventLog<ChatState> Updates { get; } = new();
    public EventLog<TypingEvent> Typing { get; } = new();
    public EventLog<QueueStatus> QueueStatuses { get; } = new();

    public static Task<VisitorSession> NewVisitorAsync(TestApp app) => NewVisitorAsync(app.BaseAddress);

    public static async Task<VisitorSession> NewVisitorAsync(Uri server)
    {
        using var http = new HttpClient { BaseAddress = server };
        var response = await http.PostAsync("api/visitors", null);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<VisitorSession>())!;
    }

    /// <summary>Connects as a new visitor, or as the given one (another tab, or after a reconnect).</summary>
    public static Task<PatronClient> ConnectAsync(TestApp app, VisitorSession? visitor = null) => ConnectAsync(app.BaseAddress, visitor);

    /// <summary>Connects to a server; with <paramref name="reconnect"/> the client keeps reconnecting like the widget does.</summary>
    public static async Task<PatronClient> ConnectAsync(Uri server, VisitorSession? visitor = null, bool reconnect = false)
    {
        visitor ??= await NewVisitorAsync(server);
        var builder = new HubConnectionBuilder()
            .WithUrl(new Uri(server, "hubs/patron"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(visitor.Token))
            .AddJsonProtocol(o => AskLibrary.Chat.ChatExtensions.Configure(o.PayloadSerializerOptions));
        if (reconnect)
            builder.WithAutomaticReconnect(new KeepTrying());
        var hub = builder.Build();
        var client = new PatronClient(hub, visitor);
        await hub.StartAsync();
        return client;
    }

    public Task<ChatState> StartChatAsync(string question, string queueId = "general", string? clientMessageId = null, PatronDetails? patron = null) =>
        Hub.InvokeAsync<ChatState>("StartChat", new StartChatRequest(queueId, question, clientMessageId ?? NewClientId(), patron, "en"));

    public Task<SendAck> SendAsync(string conversationId, string text, string? clientMessageId = null) =>
        Hub.InvokeAsync<SendAck>("SendMessage", conversationId, clientMessageId ?? NewClientId(), text);

    public static string NewClientId() => "m" + Guid.NewGuid().ToString("N")[..20];

    public async ValueTask DisposeAsync() => await Hub.DisposeAsync();
}

/// <summary>Reconnects every half second for as long as it takes, as the widget does.</summary>
public sealed class KeepTrying : IRetryPolicy
{
    public TimeSpan? NextRetryDelay(RetryContext retryContext) =>
        retryContext.ElapsedTime < TimeSpan.FromMinutes(2) ? TimeSpan.FromMilliseconds(500) : null;
}
