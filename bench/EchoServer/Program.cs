// The bare SignalR echo reference for bench/ChatLoad: the shape of AskLibrary's message path without any of its
// work. Two hubs like the real ones (/hubs/patron, /hubs/staff); SendMessage numbers the message, pushes
// MessageAdded to the conversation's group on both hubs (as the real server pushes to the visitor's tabs and to the
// staff who opened the chat) and returns the ack. No persistence, no authentication, no validation, no rate limits.
//
//   dotnet bench/EchoServer/bin/Release/net10.0/AskLibrary.Bench.EchoServer.dll --urls http://127.0.0.1:5090
using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.SignalR;

var builder = WebApplication.CreateBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Services.AddSingleton<Conversations>();
builder.Services.AddSignalR(options =>
    {
        options.MaximumReceiveMessageSize = 32 * 1024;
        options.EnableDetailedErrors = false;
    })
    // The same payload settings as AskLibrary (ChatExtensions.Configure): camelCase, snake_case enum strings.
    .AddJsonProtocol(options =>
    {
        options.PayloadSerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
    });

var app = builder.Build();
app.MapGet("/", () => "echo");
app.MapHub<PatronEchoHub>("/hubs/patron", options => options.ApplicationMaxBufferSize = 32 * 1024);
app.MapHub<StaffEchoHub>("/hubs/staff");
app.Run();

public enum MessageKind { Patron, Librarian }

/// <summary>The same fields as AskLibrary's ChatMessage, so payloads are the same size.</summary>
public sealed record EchoMessage(string ConversationId, long Seq, MessageKind Kind, string? AuthorName, string Text, string? ClientMessageId, string? Event, DateTimeOffset At);

public sealed record SendAck(long Seq, bool Duplicate);

public interface IEchoClient
{
    Task MessageAdded(EchoMessage message);
}

/// <summary>Sequence numbers per conversation, in memory only.</summary>
public sealed class Conversations(IHubContext<PatronEchoHub, IEchoClient> patrons, IHubContext<StaffEchoHub, IEchoClient> staff)
{
    private readonly ConcurrentDictionary<string, StrongBox> _seqs = new();

    public string Start() => "c_" + Guid.NewGuid().ToString("N");

    public async Task<SendAck> PostAsync(string conversationId, MessageKind kind, string clientMessageId, string text)
    {
        var seq = Interlocked.Increment(ref _seqs.GetOrAdd(conversationId, _ => new StrongBox()).Value);
        var message = new EchoMessage(conversationId, seq, kind, null, text, clientMessageId, null, TimeProvider.System.GetUtcNow());
        await patrons.Clients.Group(conversationId).MessageAdded(message);
        await staff.Clients.Group(conversationId).MessageAdded(message);
        return new SendAck(seq, false);
    }

    public void End(string conversationId) => _seqs.TryRemove(conversationId, out _);

    private sealed class StrongBox { public long Value; }
}

/// <summary>Patron side: StartChat joins the new conversation's group and posts the question as seq 1.</summary>
public sealed class PatronEchoHub(Conversations conversations) : Hub<IEchoClient>
{
    public async Task<string> StartChat(string clientMessageId, string question)
    {
        var id = conversations.Start();
        await Groups.AddToGroupAsync(Context.ConnectionId, id);
        await conversations.PostAsync(id, MessageKind.Patron, clientMessageId, question);
        return id;
    }

    public Task<SendAck> SendMessage(string conversationId, string clientMessageId, string text) =>
        conversations.PostAsync(conversationId, MessageKind.Patron, clientMessageId, text);

    public void EndChat(string conversationId) => conversations.End(conversationId);
}

/// <summary>Staff side: Accept joins the conversation's group, as the real Accept does.</summary>
public sealed class StaffEchoHub(Conversations conversations) : Hub<IEchoClient>
{
    public Task Accept(string conversationId) => Groups.AddToGroupAsync(Context.ConnectionId, conversationId);

    public Task<SendAck> SendMessage(string conversationId, string clientMessageId, string text) =>
        conversations.PostAsync(conversationId, MessageKind.Librarian, clientMessageId, text);
}
