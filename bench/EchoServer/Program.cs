// The bare SignalR echo reference for bench/ChatLoad: the shape of AskLibrary's message path without any of its
// work. Two hubs like the real ones (/hubs/patron, /hubs/staff); SendMessage numbers the message, pushes
// MessageAdded to the conversation's group on both hubs (as the real server pushes to the visitor's tabs and to the
// staff who opened the chat) and returns the ack. No persistence, no authentication, no validation, no rate limits.
//
// With --persist FILE it is the persisting echo: each message is first inserted into a SQLite table in FILE by one
// writer thread that commits whatever queued up meanwhile in one transaction (WAL, synchronous NORMAL, as AskLibrary),
// and only then pushed and acknowledged: the least a server that stores every message before anyone sees it can do.
// Its rows go through SQLite's own API with statements prepared once, as AskLibrary's writer's do. With the setting
// PersistInline=true (e.g. in the environment) it has no writer thread: the calling thread inserts and commits each
// message itself, under a lock, the other way a server can persist first (measured slower: docs/performance.md).
//
//   dotnet bench/EchoServer/bin/Release/net10.0/AskLibrary.Bench.EchoServer.dll --urls http://127.0.0.1:5090 [--persist echo.db]
using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Data.Sqlite;
using SQLitePCL;

var builder = WebApplication.CreateBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Services.AddSingleton<Conversations>();
if (builder.Configuration["persist"] is { Length: > 0 } file)
    builder.Services.AddSingleton(new MessageLog(file, inline: builder.Configuration.GetValue<bool>("PersistInline")));
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
/// one statement in one transaction; each caller continues on the thread pool once its batch is committed. BEGIN, the
/// INSERT and COMMIT are prepared once and run through SQLite's own API, as AskLibrary's writer runs its statements
/// (server/Storage/Sqlite/WriterStatement.cs): the driver's command would add a reader, a UTF-8 copy of every string and
/// a task per row, which AskLibrary's writer does not pay. Inline, there is no writer thread: each caller inserts its
/// message under a lock, one transaction per message, and continues at once.
/// </summary>
public sealed class MessageLog
{
    private readonly BlockingCollection<(EchoMessage Message, TaskCompletionSource Done)> _queue = new();
    private readonly SqliteConnection _connection;
    private readonly sqlite3_stmt _insert; // the writer thread's, or inline the callers' under _inlineLock
    private readonly Lock? _inlineLock;

    public MessageLog(string file, bool inline = false)
    {
        _connection = new SqliteConnection($"Data Source={file};Pooling=False");
        _connection.Open();
        using (var setup = _connection.CreateCommand())
        {
            setup.CommandText = """
                PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;
                CREATE TABLE IF NOT EXISTS messages (conversation_id TEXT NOT NULL, seq INTEGER NOT NULL, kind TEXT NOT NULL,
                    text TEXT NOT NULL, client_message_id TEXT, at INTEGER NOT NULL);
                """;
            setup.ExecuteNonQuery();
        }
        _insert = Prepare(Db, "INSERT INTO messages VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
        if (inline)
            _inlineLock = new Lock();
        else // the name AskLibrary's writer has, so that ChatLoad counts both as "store writer"
            new Thread(Write) { IsBackground = true, Name = "sqlite-writer" }.Start();
    }

    private sqlite3 Db => _connection.Handle!;

    public Task AppendAsync(EchoMessage message)
    {
        if (_inlineLock is not null)
        {
            lock (_inlineLock)
                Insert(message);
            return Task.CompletedTask;
        }
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _queue.Add((message, done));
        return done.Task;
    }

    private void Write()
    {
        var begin = Prepare(Db, "BEGIN");
        var commit = Prepare(Db, "COMMIT");
        var batch = new List<(EchoMessage Message, TaskCompletionSource Done)>();
        while (true)
        {
            batch.Add(_queue.Take());
            while (_queue.TryTake(out var more))
                batch.Add(more);
            Step(Db, begin);
            foreach (var (message, _) in batch)
                Insert(message);
            Step(Db, commit);
            foreach (var (_, done) in batch)
                done.SetResult();
            batch.Clear();
        }
    }

    private void Insert(EchoMessage message)
    {
        var db = Db;
        Check(db, raw.sqlite3_bind_text16(_insert, 1, message.ConversationId.AsSpan()));
        Check(db, raw.sqlite3_bind_int64(_insert, 2, message.Seq));
        Check(db, raw.sqlite3_bind_text16(_insert, 3, message.Kind == MessageKind.Patron ? "Patron" : "Librarian"));
        Check(db, raw.sqlite3_bind_text16(_insert, 4, message.Text.AsSpan()));
        Check(db, message.ClientMessageId is { } client ? raw.sqlite3_bind_text16(_insert, 5, client.AsSpan()) : raw.sqlite3_bind_null(_insert, 5));
        Check(db, raw.sqlite3_bind_int64(_insert, 6, message.At.ToUnixTimeMilliseconds()));
        Step(db, _insert);
    }

    private static sqlite3_stmt Prepare(sqlite3 db, string sql)
    {
        Check(db, raw.sqlite3_prepare_v2(db, sql, out var statement));
        return statement;
    }

    /// <summary>Runs a statement that returns no row and resets it for the next run.</summary>
    private static void Step(sqlite3 db, sqlite3_stmt statement)
    {
        var rc = raw.sqlite3_step(statement);
        raw.sqlite3_reset(statement);
        if (rc != raw.SQLITE_DONE)
            SqliteException.ThrowExceptionForRC(rc, db);
    }

    private static void Check(sqlite3 db, int rc) => SqliteException.ThrowExceptionForRC(rc, db);
}
