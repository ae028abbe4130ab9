// The bare SignalR echo reference for bench/ChatLoad: the shape of AskLibrary's message path without any of its
// work. Two hubs like the real ones (/hubs/patron, /hubs/staff); SendMessage numbers the message, pushes
// MessageAdded to the conversation's group on both hubs (as the real server pushes to the visitor's tabs and to the
// staff who opened the chat) and returns the ack. No persistence, no authentication, no validation, no rate limits.
//
// With --persist FILE it is the persisting echo: each message is first inserted into a SQLite table in FILE by one
// writer thread that commits whatever queued up meanwhile in one transaction (WAL, synchronous NORMAL, as AskLibrary),
// and only then pushed and acknowledged: nearly the least a server that stores every message before anyone sees it can
// do (its rows go through the driver's command; AskLibrary's writer uses SQLite's own API, which costs a little less).
//
//   dotnet bench/EchoServer/bin/Release/net10.0/AskLibrary.Bench.EchoServer.dll --urls http://127.0.0.1:5090 [--persist echo.db]
using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Data.Sqlite;

var builder = WebApplication.CreateBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Services.AddSingleton<Conversations>();
if (builder.Configuration["persist"] is { Length: > 0 } file)
    builder.Services.AddSingleton(new MessageLog(file));
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

/// <summary>Sequence numbers per conversation, in memory only; with --persist, each message stored before it is sent.</summary>
public sealed class Conversations(IHubContext<PatronEchoHub, IEchoClient> patrons, IHubContext<StaffEchoHub, IEchoClient> staff, MessageLog? log = null)
{
    private readonly ConcurrentDictionary<string, StrongBox> _seqs = new();

    public string Start() => "c_" + Guid.NewGuid().ToString("N");

    public async Task<SendAck> PostAsync(string conversationId, MessageKind kind, string clientMessageId, string text)
    {
        var seq = Interlocked.Increment(ref _seqs.GetOrAdd(conversationId, _ => new StrongBox()).Value);
        var message = new EchoMessage(conversationId, seq, kind, null, text, clientMessageId, null, TimeProvider.System.GetUtcNow());
        if (log is not null)
            await log.AppendAsync(message);
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

/// <summary>
/// One writer thread over one SQLite connection: each batch is whatever queued up while the last commit ran, inserted by
/// one prepared statement in one transaction; each caller continues on the thread pool once its batch is committed.
/// </summary>
public sealed class MessageLog
{
    private readonly BlockingCollection<(EchoMessage Message, TaskCompletionSource Done)> _queue = new();

    public MessageLog(string file)
    {
        var connection = new SqliteConnection($"Data Source={file};Pooling=False");
        connection.Open();
        using (var setup = connection.CreateCommand())
        {
            setup.CommandText = """
                PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;
                CREATE TABLE IF NOT EXISTS messages (conversation_id TEXT NOT NULL, seq INTEGER NOT NULL, kind TEXT NOT NULL,
                    text TEXT NOT NULL, client_message_id TEXT, at INTEGER NOT NULL);
                """;
            setup.ExecuteNonQuery();
        }
        // The name AskLibrary's writer has, so that ChatLoad counts both as "store writer".
        new Thread(() => Write(connection)) { IsBackground = true, Name = "sqlite-writer" }.Start();
    }

    public Task AppendAsync(EchoMessage message)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _queue.Add((message, done));
        return done.Task;
    }

    private void Write(SqliteConnection connection)
    {
        using var insert = connection.CreateCommand();
        insert.CommandText = "INSERT INTO messages VALUES ($conversation, $seq, $kind, $text, $client, $at)";
        var parameters = new[] { "$conversation", "$seq", "$kind", "$text", "$client", "$at" }
            .Select(name => insert.Parameters.Add(new SqliteParameter { ParameterName = name })).ToArray();
        insert.Prepare();
        var batch = new List<(EchoMessage Message, TaskCompletionSource Done)>();
        while (true)
        {
            batch.Add(_queue.Take());
            while (_queue.TryTake(out var more))
                batch.Add(more);
            using (var transaction = connection.BeginTransaction())
            {
                insert.Transaction = transaction;
                foreach (var (message, _) in batch)
                {
                    parameters[0].Value = message.ConversationId;
                    parameters[1].Value = message.Seq;
                    parameters[2].Value = message.Kind.ToString();
                    parameters[3].Value = message.Text;
                    parameters[4].Value = (object?)message.ClientMessageId ?? DBNull.Value;
                    parameters[5].Value = message.At.ToUnixTimeMilliseconds();
                    insert.ExecuteNonQuery();
                }
                transaction.Commit();
            }
            foreach (var (_, done) in batch)
                done.SetResult();
            batch.Clear();
        }
    }
}
