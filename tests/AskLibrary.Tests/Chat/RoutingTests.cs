using AskLibrary.Chat.Contracts;
using AskLibrary.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;

namespace AskLibrary.Tests.Chat;

/// <summary>Queues, policies, capacity, fallback and transfer, through the real hubs.</summary>
public sealed class RoutingTests : ChatTestBase
{
    [Fact]
    public async Task Offer_queue_shows_the_chat_to_every_available_librarian_and_the_first_accept_wins()
    {
        var first = await LibrarianAsync("first");
        var second = await LibrarianAsync("second");
        var away = await LibrarianAsync("away", available: false);
        var patron = await PatronAsync();
        var chat = await patron.StartChatAsync("Where are the theses?");

        await first.Queues.WaitAsync(q => q.Waiting.Any(w => w.ConversationId == chat.ConversationId));
        await second.Queues.WaitAsync(q => q.Waiting.Any(w => w.ConversationId == chat.ConversationId));

        await second.AcceptAsync(chat.ConversationId);
        Assert.Equal("already_claimed", await Errors.CodeOf(() => first.AcceptAsync(chat.ConversationId)));
        await first.Queues.WaitAsync(q => q.QueueId == "general" && q.Waiting.Count == 0);
        var assigned = await second.Assigned.WaitAsync();
        Assert.Equal(chat.ConversationId, assigned.ConversationId);
        Assert.Empty(first.Assigned.All);
        Assert.Empty(away.Assigned.All);
    }

    [Fact]
    public async Task Waiting_chats_are_served_first_in_first_out_and_patrons_see_their_position_move()
    {
        var librarian = await LibrarianAsync("li");
        var a = await PatronAsync();
        var b = await PatronAsync();
        var c = await PatronAsync();
        var chatA = await a.StartChatAsync("first");
        var chatB = await b.StartChatAsync("second");
        var chatC = await c.StartChatAsync("third");
        Assert.Equal([1, 2, 3], new[] { chatA.Position, chatB.Position, chatC.Position });

        var queue = await librarian.Queues.WaitAsync(q => q.Waiting.Count == 3);
        Assert.Equal([chatA.ConversationId, chatB.ConversationId, chatC.ConversationId], queue.Waiting.Select(w => w.ConversationId));

        await librarian.AcceptAsync(chatA.ConversationId);
        var moved = await c.Updates.WaitAsync(s => s.Position == 2);
        Assert.Equal(ConversationState.Waiting, moved.State);
    }

    [Fact]
    public async Task Auto_queue_assigns_to_the_least_busy_librarian_then_the_longest_idle()
    {
        var busy = await LibrarianAsync("busy", queues: ["research"]);
        Time.Advance(TimeSpan.FromSeconds(1));
        var idle = await LibrarianAsync("idle", queues: ["research"]);

        var p1 = await PatronAsync();
        var c1 = await p1.StartChatAsync("first", "research");
        Assert.Equal(ConversationState.Active, c1.State);
        // Both had no chats; "busy" has been idle since it connected first, so it is idle longest.
        Assert.Equal("busy", c1.LibrarianName);

        var p2 = await PatronAsync();
        var c2 = await p2.StartChatAsync("second", "research");
        Assert.Equal("idle", c2.LibrarianName);

        var p3 = await PatronAsync();
        Time.Advance(TimeSpan.FromSeconds(5));
        await p1.Hub.InvokeAsync<ChatState>("EndChat", c1.ConversationId);
        var c3 = await p3.StartChatAsync("third", "research");
        Assert.Equal("busy", c3.LibrarianName); // now has 0 chats against idle's 1
        await busy.Assigned.WaitAsync(s => s.ConversationId == c3.ConversationId);
        await idle.Assigned.WaitAsync(s => s.ConversationId == c2.ConversationId);
    }

    [Fact]
    public async Task A_librarian_at_capacity_cannot_accept_and_auto_assignment_waits_for_free_capacity()
    {
        var librarian = await LibrarianAsync("li", queues: ["general", "research"], capacity: 1);
        var p1 = await PatronAsync();
        var c1 = await p1.StartChatAsync("one");
        await librarian.AcceptAsync(c1.ConversationId);

        var p2 = await PatronAsync();
        var c2 = await p2.StartChatAsync("two");
        Assert.Equal("capacity_full", await Errors.CodeOf(() => librarian.AcceptAsync(c2.ConversationId)));

        var p3 = await PatronAsync();
        var c3 = await p3.StartChatAsync("three", "research");
        Assert.Equal(ConversationState.Waiting, c3.State);

        await librarian.Hub.InvokeAsync<ChatSummary>("EndChat", c1.ConversationId);
        var assigned = await p3.Updates.WaitAsync(s => s.State == ConversationState.Active);
        Assert.Equal("li", assigned.LibrarianName);
    }

    [Fact]
    public async Task A_chat_goes_to_the_fallback_queue_when_nobody_serves_the_asked_one()
    {
        var general = await LibrarianAsync("generalist", queues: ["general"]);
        var patron = await PatronAsync();
        var status = await patron.Hub.InvokeAsync<QueueStatus>("GetQueueStatus", "research");
        Assert.True(status.Online);
        var chat = await patron.StartChatAsync("Citation help", "research");
        Assert.Equal("general", chat.QueueId);
        await general.Queues.WaitAsync(q => q.QueueId == "general" && q.Waiting.Any(w => w.ConversationId == chat.ConversationId));
    }

    [Fact]
    public async Task Transfer_to_a_queue_puts_the_chat_at_the_front_and_the_note_stays_internal()
    {
        var from = await LibrarianAsync("from", queues: ["general"]);
        var to = await LibrarianAsync("to", queues: ["general"], available: false);
        var earlier = await PatronAsync();
        var patron = await PatronAsync();
        var chat = await patron.StartChatAsync("Patent search");
        var waitingChat = await earlier.StartChatAsync("waiting already");
        await from.AcceptAsync(chat.ConversationId);

        await from.Hub.InvokeAsync("Transfer", new TransferRequest(chat.ConversationId, "general", null, "Needs the patent specialist"));
        await from.Unassigned.WaitAsync(u => u.ConversationId == chat.ConversationId && u.Reason == "transferred");
        var back = await patron.Updates.WaitAsync(s => s.State == ConversationState.Waiting);
        Assert.Equal(1, back.Position);
        await patron.Messages.WaitAsync(m => m.Event == "transferred");
        Assert.DoesNotContain(patron.Messages.All, m => m.Text.Contains("patent specialist"));

        await to.Hub.InvokeAsync<LibrarianPresence>("SetPresence", Presence.Available);
        var queue = await to.Queues.WaitAsync(q => q.Waiting.Count == 2);
        Assert.Equal([chat.ConversationId, waitingChat.ConversationId], queue.Waiting.Select(w => w.ConversationId));
        await to.AcceptAsync(chat.ConversationId);
        var history = await to.Hub.InvokeAsync<StaffResumeResult>("Open", chat.ConversationId, 0L);
        Assert.Contains(history.Messages, m => m.Kind == MessageKind.Note && m.Text.Contains("Needs the patent specialist"));
    }

    [Fact]
    public async Task Transfer_to_a_librarian_moves_the_chat_and_its_live_messages()
    {
        var from = await LibrarianAsync("from");
        var to = await LibrarianAsync("to");
        var patron = await PatronAsync();
        var chat = await patron.StartChatAsync("Interlibrary loan");
        await from.AcceptAsync(chat.ConversationId);
        await from.Hub.InvokeAsync<StaffResumeResult>("Open", chat.ConversationId, 0L);

        await from.Hub.InvokeAsync("Transfer", new TransferRequest(chat.ConversationId, null, to.StaffId, "ILL expert"));
        var assigned = await to.Assigned.WaitAsync(s => s.ConversationId == chat.ConversationId);
        Assert.Equal("to", assigned.AssignedToName);
        await from.Unassigned.WaitAsync(u => u.ConversationId == chat.ConversationId);
        var update = await patron.Updates.WaitAsync(s => s.LibrarianName == "to");
        Assert.Equal(ConversationState.Active, update.State);

        await to.Hub.InvokeAsync<StaffResumeResult>("Open", chat.ConversationId, 0L);
        from.Messages.Skip();
        var sent = await patron.SendAsync(chat.ConversationId, "Is it free?");
        await to.Messages.WaitAsync(m => m.Seq == sent.Seq);
        Assert.Equal("not_assigned", await Errors.CodeOf(() => from.SendAsync(chat.ConversationId, "still mine?")));
        Assert.DoesNotContain(from.Messages.All, m => m.Seq == sent.Seq);
    }

    [Fact]
    public async Task Loads_reach_every_staff_tab_in_rounds_that_carry_each_changed_librarian_once_as_they_are_now()
    {
        var busy = await LibrarianAsync("busy", capacity: 8);
        var watcher = await LibrarianAsync("watcher", queues: ["law"]);
        var patrons = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => PatronAsync()));
        var chats = await Task.WhenAll(patrons.Select((p, i) => p.StartChatAsync($"Question {i}")));
        var before = watcher.PresenceRounds.All.Count;

        await Task.WhenAll(chats.Select(c => busy.AcceptAsync(c.ConversationId)));

        await watcher.Presence.WaitAsync(p => p.StaffId == busy.StaffId && p.ActiveChats == 8, "busy with all eight chats");
        var rounds = watcher.PresenceRounds.All.Skip(before).Where(r => r.Any(p => p.StaffId == busy.StaffId)).ToList();
        // Eight changes of busy's load arrive in fewer frames (the ones made while a round was on its way ride along),
        // each round names a librarian once, and the last one seen is the load busy has now.
        Assert.InRange(rounds.Count, 1, 7);
        Assert.All(rounds, r => Assert.Equal(r.Count, r.Select(p => p.StaffId).Distinct().Count()));
        Assert.Equal(8, rounds[^1].Single(p => p.StaffId == busy.StaffId).ActiveChats);
    }

    [Fact]
    public async Task A_librarian_gone_past_the_grace_period_loses_their_chats_to_the_front_of_the_queue()
    {
        var leaving = await LibrarianAsync("leaving");
        var watcher = await LibrarianAsync("watcher", queues: ["law"]);
        var patron = await PatronAsync();
        var chat = await patron.StartChatAsync("Database access");
        await leaving.AcceptAsync(chat.ConversationId);
        var other = await PatronAsync();
        var otherChat = await other.StartChatAsync("Later question");

        await leaving.Hub.StopAsync();
        await watcher.Presence.WaitAsync(p => p.StaffId == leaving.StaffId && p.Presence == Presence.Offline);
        Time.Advance(TimeSpan.FromSeconds(10));
        Assert.DoesNotContain(patron.Messages.All, m => m.Event == "requeued"); // within the grace period nothing happens

        Time.Advance(TimeSpan.FromSeconds(25));
        var requeued = await patron.Messages.WaitAsync(m => m.Event == "requeued");
        Assert.Equal(MessageKind.System, requeued.Kind);
        var state = await patron.Updates.WaitAsync(s => s.State == ConversationState.Waiting);
        Assert.Equal(1, state.Position);

        var next = await LibrarianAsync("next");
        var snapshot = await next.Hub.InvokeAsync<StaffSnapshot>("GetSnapshot");
        var general = snapshot.Queues.Single(q => q.QueueId == "general");
        Assert.Equal([chat.ConversationId, otherChat.ConversationId], general.Waiting.Select(w => w.ConversationId));
    }

    [Fact]
    public async Task A_librarian_who_reconnects_within_the_grace_period_keeps_their_chats()
    {
        await App.AddStaffAsync("li");
        var librarian = Track(await LibrarianClient.ConnectAsync(App, "li"));
        var patron = await PatronAsync();
        var chat = await patron.StartChatAsync("Printing");
        await librarian.AcceptAsync(chat.ConversationId);
        var watcher = await LibrarianAsync("watcher", queues: ["law"]);
        await librarian.Hub.StopAsync();
        await watcher.Presence.WaitAsync(p => p.StaffId == librarian.StaffId && p.Presence == Presence.Offline);
        Time.Advance(TimeSpan.FromSeconds(20));

        var again = Track(await LibrarianClient.ConnectAsync(App, "li"));
        Time.Advance(TimeSpan.FromSeconds(60));
        var snapshot = await again.Hub.InvokeAsync<StaffSnapshot>("GetSnapshot");
        Assert.Contains(snapshot.Mine, c => c.ConversationId == chat.ConversationId);
        Assert.DoesNotContain(patron.Messages.All, m => m.Event == "requeued");
    }

    [Fact]
    public async Task A_waiting_patron_gone_too_long_abandons_the_chat()
    {
        var librarian = await LibrarianAsync("li", available: false);
        var patron = await PatronAsync();
        await librarian.Hub.InvokeAsync<LibrarianPresence>("SetPresence", Presence.Available);
        var chat = await patron.StartChatAsync("Hello?");
        await librarian.Queues.WaitAsync(q => q.Waiting.Any(w => w.ConversationId == chat.ConversationId));
        await patron.Hub.StopAsync();
        await App.WaitUntilAsync(async chat => !await chat.IsPatronConnectedAsync(patron.Visitor.VisitorId));
        Time.Advance(TimeSpan.FromMinutes(4));
        var stillWaiting = await librarian.Hub.InvokeAsync<StaffSnapshot>("GetSnapshot");
        Assert.Contains(stillWaiting.Queues.Single(q => q.QueueId == "general").Waiting, w => w.ConversationId == chat.ConversationId);

        librarian.Queues.Skip();
        Time.Advance(TimeSpan.FromMinutes(2));
        await librarian.Queues.WaitAsync(q => q.QueueId == "general" && q.Waiting.Count == 0);

        var transcript = await librarian.Http.GetStringAsync($"api/staff/transcripts/{chat.ConversationId}");
        Assert.Contains("\"state\":\"abandoned\"", transcript);
    }
}
