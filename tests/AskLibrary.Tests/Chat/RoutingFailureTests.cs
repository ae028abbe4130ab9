using AskLibrary.Chat.Contracts;
using AskLibrary.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Data.Sqlite;

namespace AskLibrary.Tests.Chat;

/// <summary>
/// A routing step is decided in memory before its write is stored (docs/architecture.md, "Routing turns"). When the
/// write fails, the caller hears so and the chat is put back to what the store holds. The failure is a real one: a
/// trigger in the service's own database file refuses the write, as a failing disk or a full volume would.
/// </summary>
public sealed class RoutingFailureTests : ChatTestBase
{
    [Fact]
    public async Task An_accept_that_cannot_be_stored_fails_and_the_chat_waits_again_for_the_next_librarian()
    {
        var first = await LibrarianAsync("first");
        var second = await LibrarianAsync("second");
        var patron = await PatronAsync();
        var chat = await patron.StartChatAsync("Where are the old maps?");
        await second.Queues.WaitAsync(q => q.Waiting.Any(w => w.ConversationId == chat.ConversationId));

        await SqlAsync("CREATE TRIGGER refuse_accept BEFORE UPDATE OF state ON conversations WHEN NEW.state = 'active' BEGIN SELECT RAISE(ABORT, 'the disk is failing'); END");
        Assert.Equal("internal_error", await Errors.CodeOf(() => first.AcceptAsync(chat.ConversationId)));

        // By the time the librarian hears of the failure the chat is waiting again and they are free: the console
        // after a reload shows it so, and the pane they may have opened is told the chat went back to the queue.
        var snapshot = await first.Hub.InvokeAsync<StaffSnapshot>("GetSnapshot");
        Assert.Equal(0, snapshot.Me.ActiveChats);
        Assert.Empty(snapshot.Mine);
        Assert.Contains(snapshot.Queues.Single(q => q.QueueId == "general").Waiting, w => w.ConversationId == chat.ConversationId);
        Assert.Equal("requeued", (await first.Unassigned.WaitAsync(u => u.ConversationId == chat.ConversationId)).Reason);
        Assert.DoesNotContain(first.Assigned.All, s => s.ConversationId == chat.ConversationId);
        Assert.Equal(ConversationState.Waiting, (await patron.Hub.InvokeAsync<ChatState?>("GetCurrentChat"))?.State);

        await SqlAsync("DROP TRIGGER refuse_accept");
        var accepted = await second.AcceptAsync(chat.ConversationId);
        Assert.Equal(ConversationState.Active, accepted.State);
        Assert.Equal(second.StaffId, accepted.AssignedToId);
        var joined = await patron.Messages.WaitAsync(m => m.Event == "joined");
        Assert.Contains("second", joined.Text);
        Assert.Single(patron.Messages.All, m => m.Event == "joined");

        // And the chat goes on normally with the librarian whose accept was stored.
        await patron.SendAsync(chat.ConversationId, "The 1930s city plans, please.");
        await second.Messages.WaitAsync(m => m.Text == "The 1930s city plans, please.");
    }

    [Fact]
    public async Task A_chat_whose_start_cannot_be_stored_is_refused_and_never_offered_to_librarians()
    {
        var librarian = await LibrarianAsync("li");
        var refusedPatron = await PatronAsync();
        await SqlAsync("CREATE TRIGGER refuse_start BEFORE INSERT ON conversations WHEN NEW.doc LIKE '%never stored%' BEGIN SELECT RAISE(ABORT, 'the disk is failing'); END");

        Assert.Equal("internal_error", await Errors.CodeOf(() => refusedPatron.StartChatAsync("This question is never stored")));
        Assert.Null(await refusedPatron.Hub.InvokeAsync<ChatState?>("GetCurrentChat"));

        // Patrons whose chats are stored carry on, and the queue holds only them.
        var patron = await PatronAsync();
        var chat = await patron.StartChatAsync("Is the reading room open on Sunday?");
        var queue = await librarian.Queues.WaitAsync(q => q.Waiting.Any(w => w.ConversationId == chat.ConversationId));
        Assert.Equal([chat.ConversationId], queue.Waiting.Select(w => w.ConversationId));
        await librarian.AcceptAsync(chat.ConversationId);

        // With the disk healthy again the same patron can ask.
        await SqlAsync("DROP TRIGGER refuse_start");
        var again = await refusedPatron.StartChatAsync("This question is never stored — second try");
        Assert.Equal(ConversationState.Waiting, again.State);
    }

    private async Task SqlAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(App.DataDirectory, "asklibrary.db")};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
