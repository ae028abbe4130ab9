using AskLibrary.Chat.Contracts;
using AskLibrary.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;

namespace AskLibrary.Tests.Chat;

/// <summary>Network drops, page navigation and server restarts lose nothing and duplicate nothing.</summary>
public sealed class ResumeTests : ChatTestBase
{
    [Fact]
    public async Task A_patron_who_reconnects_gets_every_missed_message_once_and_in_order()
    {
        var librarian = await LibrarianAsync("li");
        var patron = await PatronAsync();
        var chat = await patron.StartChatAsync("Opening hours at exam time?");
        await librarian.AcceptAsync(chat.ConversationId);
        var seen = (await patron.Messages.WaitAsync(m => m.Event == "joined")).Seq;

        await patron.Hub.StopAsync();
        var sent = new List<long>();
        foreach (var text in new[] { "During exams", "we open", "until midnight." })
            sent.Add((await librarian.SendAsync(chat.ConversationId, text)).Seq);

        var back = await PatronAsync(patron.Visitor);
        var current = await back.Hub.InvokeAsync<ChatState?>("GetCurrentChat");
        Assert.Equal(chat.ConversationId, current!.ConversationId);
        var resumed = await back.Hub.InvokeAsync<ResumeResult>("Resume", chat.ConversationId, seen);
        Assert.Equal(sent, resumed.Messages.Select(m => m.Seq));
        Assert.Equal(["During exams", "we open", "until midnight."], resumed.Messages.Select(m => m.Text));

        var later = await librarian.SendAsync(chat.ConversationId, "Anything else?");
        var live = await back.Messages.WaitAsync(m => m.Kind == MessageKind.Librarian);
        Assert.Equal(later.Seq, live.Seq);
    }

    [Fact]
    public async Task A_message_sent_again_with_the_same_client_id_is_stored_once()
    {
        var librarian = await LibrarianAsync("li");
        var patron = await PatronAsync();
        var chat = await patron.StartChatAsync("Question");
        await librarian.AcceptAsync(chat.ConversationId);

        var first = await patron.SendAsync(chat.ConversationId, "Is the lost ack stored?", "retry-1");
        var again = await patron.SendAsync(chat.ConversationId, "Is the lost ack stored?", "retry-1");
        Assert.False(first.Duplicate);
        Assert.True(again.Duplicate);
        Assert.Equal(first.Seq, again.Seq);

        // Even after the chat ended, a late retry gets its original ack rather than an error.
        await patron.Hub.InvokeAsync<ChatState>("EndChat", chat.ConversationId);
        var late = await patron.SendAsync(chat.ConversationId, "Is the lost ack stored?", "retry-1");
        Assert.Equal(first.Seq, late.Seq);
        Assert.Equal("invalid_state", await Errors.CodeOf(() => patron.SendAsync(chat.ConversationId, "new text", "retry-2")));

        var all = await patron.Hub.InvokeAsync<ResumeResult>("Resume", chat.ConversationId, 0L);
        Assert.Single(all.Messages, m => m.ClientMessageId == "retry-1");
    }

    [Fact]
    public async Task Starting_the_same_chat_twice_returns_the_first_conversation()
    {
        await LibrarianAsync("li");
        var patron = await PatronAsync();
        var first = await patron.StartChatAsync("Same question", clientMessageId: "start-1");
        var again = await patron.StartChatAsync("Same question", clientMessageId: "start-1");
        Assert.Equal(first.ConversationId, again.ConversationId);
        Assert.Equal("conversation_open", await Errors.CodeOf(() => patron.StartChatAsync("Another question", clientMessageId: "start-2")));
    }

    [Fact]
    public async Task Every_tab_of_a_visitor_sees_the_conversation()
    {
        var librarian = await LibrarianAsync("li");
        var tab1 = await PatronAsync();
        var tab2 = await PatronAsync(tab1.Visitor);
        var chat = await tab1.StartChatAsync("Two tabs");
        await librarian.AcceptAsync(chat.ConversationId);
        var ack = await tab1.SendAsync(chat.ConversationId, "typed in tab 1");
        var echoed = await tab2.Messages.WaitAsync(m => m.Seq == ack.Seq);
        Assert.Equal("typed in tab 1", echoed.Text);
    }

    [Fact]
    public async Task After_a_restart_transcripts_are_intact_and_open_chats_are_back_in_their_queues()
    {
        var librarian = await LibrarianAsync("li");
        var patron = await PatronAsync();
        var closed = await patron.StartChatAsync("First visit");
        await librarian.AcceptAsync(closed.ConversationId);
        await librarian.SendAsync(closed.ConversationId, "Welcome");
        await patron.SendAsync(closed.ConversationId, "Bye");
        await librarian.Hub.InvokeAsync<ChatSummary>("EndChat", closed.ConversationId);
        var before = await librarian.Http.GetStringAsync($"api/staff/transcripts/{closed.ConversationId}");

        var waitingPatron = await PatronAsync();
        var waiting = await waitingPatron.StartChatAsync("Still waiting");
        await librarian.DisposeAsync();
        await patron.DisposeAsync();
        await waitingPatron.DisposeAsync();

        await App.RestartAsync();

        var again = Track(await LibrarianClient.ConnectAsync(App, "li"));
        var after = await again.Http.GetStringAsync($"api/staff/transcripts/{closed.ConversationId}");
        Assert.Equal(before, after);
        var snapshot = await again.Hub.InvokeAsync<StaffSnapshot>("GetSnapshot");
        Assert.Contains(snapshot.Queues.Single(q => q.QueueId == "general").Waiting, w => w.ConversationId == waiting.ConversationId);

        var resumedPatron = await PatronAsync(waitingPatron.Visitor);
        var resumed = await resumedPatron.Hub.InvokeAsync<ResumeResult>("Resume", waiting.ConversationId, 0L);
        Assert.Equal(["Still waiting", "restarting"], resumed.Messages.Select(m => m.Event ?? m.Text));
        Assert.Equal(1, resumed.Chat.Position);
    }
}
