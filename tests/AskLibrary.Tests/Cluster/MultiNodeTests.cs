using System.Net.Http.Json;
using AskLibrary.Chat;
using AskLibrary.Chat.Contracts;
using AskLibrary.Knowledge.Articles;
using AskLibrary.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace AskLibrary.Tests.Cluster;

/// <summary>
/// Two server processes on 127.0.0.1 with one shared store (the same SQLite file) and a real redis-server
/// started by the test: SignalR Redis backplane, Data Protection keys, chat gate and state, node heartbeats.
/// No proxy in front: each client talks to the node it was given, and moves to the other one itself.
/// </summary>
public sealed class MultiNodeTests : IAsyncLifetime
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "asklib-cluster-" + Guid.NewGuid().ToString("N"));
    private RedisServer _redis = null!;
    private ServerProcess _a = null!;
    private ServerProcess _b = null!;

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        _a = Node("a");
        _b = Node("b");
        // One after the other: the first node creates the schema, the first admin and the shared state.
        await _a.StartAsync();
        await _b.StartAsync();
    }

    private ServerProcess Node(string id) => new(new Dictionary<string, string>
    {
        ["AskLibrary__Cluster__Redis"] = _redis.Configuration,
        ["AskLibrary__Cluster__NodeId"] = id,
        ["AskLibrary__Cluster__NodeTimeout"] = "00:00:03",
        // A node killed while it holds the chat gate keeps it until the lease runs out (30 s by default, longer than
        // the tests wait for the other node to notice); the tests' turns last milliseconds.
        ["AskLibrary__Cluster__GateLease"] = "00:00:08",
    }, _data);

    public async Task DisposeAsync()
    {
        await _a.DisposeAsync();
        await _b.DisposeAsync();
        await _redis.DisposeAsync();
        try { Directory.Delete(_data, recursive: true); }
        catch (IOException) { /* left for the OS temp cleaner */ }
    }

    private async Task AddStaffAsync(string userName, string role)
    {
        var (admin, _, token) = await LibrarianClient.SignInAsync(_a.BaseAddress, "admin", _a.AdminPassword);
        var response = await admin.SendAsync(Json.Post("api/admin/staff",
            new { userName, displayName = userName.ToUpperInvariant(), role, password = userName + "-password-1", capacity = 10 }, token));
        response.EnsureSuccessStatusCode();
    }

    private static Task<LibrarianClient> LibrarianOn(ServerProcess node, string userName, bool reconnect = false) =>
        LibrarianClient.ConnectAsync(node.BaseAddress, userName, userName + "-password-1", reconnect: reconnect);

    [Fact]
    public async Task A_patron_on_one_node_chats_with_a_librarian_on_the_other_and_resumes_there_when_their_node_is_killed()
    {
        await AddStaffAsync("li", "librarian");
        await using var li = await LibrarianOn(_b, "li");

        // Presence is cluster-wide: the librarian on B staffs the queue for a patron on A.
        var patron = await PatronClient.ConnectAsync(_a.BaseAddress);
        var status = await patron.Hub.InvokeAsync<QueueStatus>("GetQueueStatus", "general");
        Assert.Equal(QueueAvailability.Open, status.Availability);

        var chat = await patron.StartChatAsync("Where can I print in colour?");
        var offered = await li.Queues.WaitAsync(q => q.Waiting.Any(w => w.ConversationId == chat.ConversationId), "with the patron's chat from node A");
        Assert.Equal("general", offered.QueueId);
        await li.AcceptAsync(chat.ConversationId);
        await patron.Updates.WaitAsync(u => u.State == ConversationState.Active && u.LibrarianName == "LI", "active with LI");

        // Messages cross the backplane both ways.
        await li.SendAsync(chat.ConversationId, "Colour printers are on the 2nd floor.");
        await patron.Messages.WaitAsync(m => m.Text == "Colour printers are on the 2nd floor.", "from the librarian on node B");
        var ack = await patron.SendAsync(chat.ConversationId, "Thanks! And scanning?");
        await li.Messages.WaitAsync(m => m.Text == "Thanks! And scanning?", "from the patron on node A");

        // Node A dies mid-chat; the librarian answers meanwhile; the patron reconnects to B and resumes.
        _a.Kill();
        await li.SendAsync(chat.ConversationId, "Scanners are free, next to the printers.");
        await patron.DisposeAsync();
        await using var moved = await PatronClient.ConnectAsync(_b.BaseAddress, patron.Visitor);
        var resumed = await moved.Hub.InvokeAsync<ResumeResult>("Resume", chat.ConversationId, ack.Seq);
        Assert.Equal(ConversationState.Active, resumed.Chat.State);
        Assert.Equal(["Scanners are free, next to the printers."], resumed.Messages.Where(m => m.Kind == MessageKind.Librarian).Select(m => m.Text));

        await moved.SendAsync(chat.ConversationId, "Perfect, bye.");
        await li.Messages.WaitAsync(m => m.Text == "Perfect, bye.", "from the patron, now on node B");
        var transcript = await moved.Hub.InvokeAsync<ResumeResult>("Resume", chat.ConversationId, 0L);
        Assert.Equal(Enumerable.Range(1, transcript.Messages.Count).Select(i => (long)i), transcript.Messages.Select(m => m.Seq));
    }

    [Fact]
    public async Task Librarians_on_both_nodes_racing_for_the_same_chats_get_each_chat_exactly_once()
    {
        await AddStaffAsync("li", "librarian");
        await AddStaffAsync("wang", "librarian");
        await using var li = await LibrarianOn(_a, "li");
        await using var wang = await LibrarianOn(_b, "wang");

        const int Chats = 8; // below each librarian's capacity of 10, so the only refusal is already_claimed
        var patrons = new List<PatronClient>();
        var chats = new List<string>();
        for (var i = 0; i < Chats; i++)
        {
            var patron = await PatronClient.ConnectAsync(i % 2 == 0 ? _a.BaseAddress : _b.BaseAddress);
            patrons.Add(patron);
            chats.Add((await patron.StartChatAsync($"Question {i}")).ConversationId);
        }

        var outcomes = await Task.WhenAll(chats.Select(async id =>
        {
            var results = await Task.WhenAll(TryAccept(li, id), TryAccept(wang, id));
            return (Id: id, Results: results);
        }));
        foreach (var (id, results) in outcomes)
        {
            Assert.Single(results, r => r == "ok");
            Assert.Single(results, r => r == ErrorCodes.AlreadyClaimed);
        }

        // Each patron sees exactly one librarian join, and the two consoles hold disjoint sets of chats.
        for (var i = 0; i < Chats; i++)
        {
            var transcript = await patrons[i].Hub.InvokeAsync<ResumeResult>("Resume", chats[i], 0L);
            Assert.Single(transcript.Messages, m => m.Kind == MessageKind.System && m.Event == SystemEvents.Joined);
        }
        var liChats = (await li.Hub.InvokeAsync<StaffSnapshot>("GetSnapshot")).Mine.Select(c => c.ConversationId).ToHashSet();
        var wangChats = (await wang.Hub.InvokeAsync<StaffSnapshot>("GetSnapshot")).Mine.Select(c => c.ConversationId).ToHashSet();
        Assert.Empty(liChats.Intersect(wangChats));
        Assert.Equal(chats.ToHashSet(), liChats.Union(wangChats).ToHashSet());

        // Node A dies with li's console on it: node B notices the missing heartbeat and li goes offline.
        wang.Presence.Skip();
        _a.Kill();
        var offline = await wang.Presence.WaitAsync(p => p.StaffId == li.StaffId && p.Presence == Presence.Offline, "li offline after node A died");
        Assert.Equal(liChats.Count, offline.ActiveChats);
        foreach (var patron in patrons)
            await patron.DisposeAsync();
    }

    [Fact]
    public async Task An_article_published_on_one_node_is_suggested_by_the_other()
    {
        await AddStaffAsync("editor", "editor");
        var (editor, _, token) = await LibrarianClient.SignInAsync(_a.BaseAddress, "editor", "editor-password-1");
        var created = await editor.SendAsync(Json.Post("api/editor/articles", new
        {
            id = "cluster-renewal", title = "如何续借图书", body = "登录“我的图书馆”，点击续借。每本书可续借两次。", summary = "", category = "borrowing",
            tags = new[] { "续借" }, language = "zh-CN", status = "published", audience = "public",
        }, token));
        created.EnsureSuccessStatusCode();

        using var http = new HttpClient { BaseAddress = _b.BaseAddress };
        List<KbSuggestion>? found = null;
        for (var i = 0; i < 50 && found is not { Count: > 0 }; i++)
        {
            found = await http.GetFromJsonAsync<List<KbSuggestion>>("api/kb/suggest?q=" + Uri.EscapeDataString("怎么续借"));
            if (found is not { Count: > 0 })
                await Task.Delay(100);
        }
        Assert.Equal("cluster-renewal", found![0].Id);
    }

    private static async Task<string> TryAccept(LibrarianClient librarian, string conversationId)
    {
        try
        {
            await librarian.AcceptAsync(conversationId);
            return "ok";
        }
        catch (HubException error)
        {
            return Errors.CodeOf(error);
        }
    }
}
