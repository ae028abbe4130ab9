using System.Net.Http.Json;
using AskLibrary.Chat;
using AskLibrary.Chat.Contracts;
using AskLibrary.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace AskLibrary.Tests.Chat;

/// <summary>A whole chat between a patron's widget and a librarian's console, through the real hubs.</summary>
public sealed class ChatFlowTests : ChatTestBase
{
    [Fact]
    public async Task Patron_and_librarian_chat_from_question_to_rating_and_the_transcript_keeps_everything()
    {
        var librarian = await LibrarianAsync("li");
        var patron = await PatronAsync();

        var status = await patron.Hub.InvokeAsync<QueueStatus>("GetQueueStatus", "general");
        Assert.True(status.Online);

        var chat = await patron.StartChatAsync("How do I renew a book?", patron: new PatronDetails("Wang Fang", "wf@example.edu.cn", null));
        Assert.Equal(ConversationState.Waiting, chat.State);
        Assert.Equal(1, chat.Position);
        Assert.NotNull(chat.EstimatedWaitSeconds);

        var queue = await librarian.Queues.WaitAsync(q => q.Waiting.Any(w => w.ConversationId == chat.ConversationId));
        var waiting = queue.Waiting.Single();
        Assert.Equal("How do I renew a book?", waiting.Question);
        Assert.Equal("Wang Fang", waiting.PatronName);

        var accepted = await librarian.AcceptAsync(chat.ConversationId);
        Assert.Equal(ConversationState.Active, accepted.State);
        var active = await patron.Updates.WaitAsync(s => s.State == ConversationState.Active);
        Assert.Equal("li", active.LibrarianName);
        await patron.Messages.WaitAsync(m => m.Event == "joined");

        var opened = await librarian.Hub.InvokeAsync<StaffResumeResult>("Open", chat.ConversationId, 0L);
        Assert.Equal("How do I renew a book?", opened.Messages[0].Text);

        // Typing goes to the other side only.
        await patron.Hub.InvokeAsync("SetTyping", chat.ConversationId, true);
        var typing = await librarian.Typing.WaitAsync();
        Assert.Equal(TypingParty.Patron, typing.From);
        await librarian.Hub.InvokeAsync("SetTyping", chat.ConversationId, true);
        var librarianTyping = await patron.Typing.WaitAsync();
        Assert.Equal(TypingParty.Librarian, librarianTyping.From);
        Assert.Equal("li", librarianTyping.Name);
        Assert.DoesNotContain(patron.Typing.All, t => t.From == TypingParty.Patron);

        var reply = await librarian.SendAsync(chat.ConversationId, "Sign in to My Library and press Renew.");
        var received = await patron.Messages.WaitAsync(m => m.Kind == MessageKind.Librarian);
        Assert.Equal(reply.Seq, received.Seq);
        Assert.Equal("li", received.AuthorName);

        var note = await librarian.Hub.InvokeAsync<SendAck>("AddNote", chat.ConversationId, PatronClient.NewClientId(), "Patron has an overdue item.");
        var thanks = await patron.SendAsync(chat.ConversationId, "Thanks!");
        await librarian.Messages.WaitAsync(m => m.Seq == thanks.Seq);
        Assert.True(thanks.Seq > note.Seq);

        var ended = await patron.Hub.InvokeAsync<ChatState>("EndChat", chat.ConversationId);
        Assert.Equal(ConversationState.Closed, ended.State);
        await librarian.Unassigned.WaitAsync(u => u.ConversationId == chat.ConversationId && u.Reason == "ended");
        await patron.Hub.InvokeAsync("RateChat", chat.ConversationId, 5, "Very helpful");
        await patron.Hub.InvokeAsync("RequestTranscript", chat.ConversationId, "wf@example.edu.cn");

        // The note never reached the patron, not even on resume.
        Assert.DoesNotContain(patron.Messages.All, m => m.Kind == MessageKind.Note);
        var resumed = await patron.Hub.InvokeAsync<ResumeResult>("Resume", chat.ConversationId, 0L);
        Assert.DoesNotContain(resumed.Messages, m => m.Kind == MessageKind.Note);
        Assert.True(resumed.Chat.Rated);

        var transcript = await librarian.Http.GetFromJsonAsync<StaffResumeResult>($"api/staff/transcripts/{chat.ConversationId}", Json.Options);
        Assert.Equal(
            ["patron:How do I renew a book?", "system:joined", "librarian:Sign in to My Library and press Renew.", "note:Patron has an overdue item.", "patron:Thanks!", "system:ended"],
            transcript!.Messages.Select(m => m.Kind == MessageKind.System ? $"system:{m.Event}" : $"{m.Kind.ToString().ToLowerInvariant()}:{m.Text}"));
        Assert.Equal(Enumerable.Range(1, 6).Select(i => (long)i), transcript.Messages.Select(m => m.Seq));
        Assert.Equal(ConversationState.Closed, transcript.Chat.State);
    }

    [Fact]
    public async Task A_librarians_first_reply_is_timed_once_even_when_it_is_retried_and_the_time_outlasts_the_chat()
    {
        var librarian = await LibrarianAsync("li");
        var patron = await PatronAsync();
        var chat = await patron.StartChatAsync("Where are the theses kept?");
        Time.Advance(TimeSpan.FromSeconds(20));
        await librarian.AcceptAsync(chat.ConversationId);

        Time.Advance(TimeSpan.FromSeconds(15));
        var clientId = PatronClient.NewClientId();
        var first = await librarian.SendAsync(chat.ConversationId, "On the third floor.", clientId);
        Time.Advance(TimeSpan.FromSeconds(30));
        var retried = await librarian.SendAsync(chat.ConversationId, "On the third floor.", clientId);
        Assert.Equal(new SendAck(first.Seq, Duplicate: true), retried);
        await librarian.SendAsync(chat.ConversationId, "Ask at the desk there for the closed stacks.");
        await patron.Hub.InvokeAsync<ChatState>("EndChat", chat.ConversationId);

        // The chat's end stores the document as the service holds it: the first reply's time is in it.
        var stored = (await App.Services.GetRequiredService<IConversationStore>().FindAsync(chat.ConversationId, CancellationToken.None))!;
        Assert.Equal(ConversationState.Closed, stored.State);
        Assert.Equal(TimeSpan.FromSeconds(15), stored.FirstResponseTime);
        var transcript = await librarian.Http.GetFromJsonAsync<StaffResumeResult>($"api/staff/transcripts/{chat.ConversationId}", Json.Options);
        Assert.Equal(2, transcript!.Messages.Count(m => m.Kind == MessageKind.Librarian));
    }

    [Fact]
    public async Task Nobody_on_duty_means_the_queue_is_offline_and_a_question_can_be_left_once()
    {
        var patron = await PatronAsync();
        var status = await patron.Hub.InvokeAsync<QueueStatus>("GetQueueStatus", "general");
        Assert.False(status.Online);
        Assert.Equal(QueueAvailability.NobodyAvailable, status.Availability);
        Assert.Equal("queue_offline", await Errors.CodeOf(() => patron.StartChatAsync("Anyone there?")));

        var request = new OfflineQuestionRequest("general", "Can I get a visitor card?", "reader@example.org", "Li Lei", "req-1");
        var first = await patron.Hub.InvokeAsync<OfflineQuestionReceipt>("LeaveQuestion", request);
        var again = await patron.Hub.InvokeAsync<OfflineQuestionReceipt>("LeaveQuestion", request);
        Assert.Equal(first.Id, again.Id);

        var librarian = await LibrarianAsync("li");
        var questions = await librarian.Http.GetFromJsonAsync<List<OfflineQuestion>>("api/staff/offline-questions", Json.Options);
        var question = Assert.Single(questions!);
        Assert.Equal("Can I get a visitor card?", question.Question);
        Assert.Equal("reader@example.org", question.Email);
    }

    [Fact]
    public async Task A_queue_going_online_is_announced_to_patrons_watching_it()
    {
        var patron = await PatronAsync();
        await patron.Hub.InvokeAsync<QueueStatus>("GetQueueStatus", "general");
        await LibrarianAsync("li");
        var online = await patron.QueueStatuses.WaitAsync(s => s.QueueId == "general");
        Assert.True(online.Online);
    }

    [Fact]
    public async Task A_queue_outside_its_hours_is_closed_and_says_when_it_opens()
    {
        await LibrarianAsync("li", queues: ["law"]);
        var patron = await PatronAsync();
        Assert.True((await patron.Hub.InvokeAsync<QueueStatus>("GetQueueStatus", "law")).Online);

        Time.SetUtcNow(new DateTimeOffset(2026, 11, 28, 2, 0, 0, TimeSpan.Zero)); // Saturday 10:00 in Shanghai
        var closed = await patron.Hub.InvokeAsync<QueueStatus>("GetQueueStatus", "law");
        Assert.False(closed.Online);
        Assert.Equal(QueueAvailability.Closed, closed.Availability);
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 1, 0, 0, TimeSpan.Zero), closed.OpensAt); // Monday 09:00 in Shanghai
        Assert.Equal("queue_offline", await Errors.CodeOf(() => patron.StartChatAsync("Tort question", "law")));
    }

    [Fact]
    public async Task Canned_responses_fill_in_the_patrons_name_and_stay_personal()
    {
        var librarian = await LibrarianAsync("li");
        var other = await LibrarianAsync("other");
        var create = await librarian.Http.SendAsync(Json.Post("api/staff/canned", new CannedResponseInput("Greeting", "Hello {patron.name}, this is {librarian.name} at {queue.name}.", false), librarian.AntiforgeryToken));
        Assert.Equal(System.Net.HttpStatusCode.Created, create.StatusCode);
        var canned = (await create.Content.ReadFromJsonAsync<CannedResponse>(Json.Options))!;

        var patron = await PatronAsync();
        var chat = await patron.StartChatAsync("Hi", patron: new PatronDetails("Zhang San", null, null));
        await librarian.AcceptAsync(chat.ConversationId);
        var text = await librarian.Hub.InvokeAsync<string>("RenderCanned", chat.ConversationId, canned.Id);
        Assert.Equal("Hello Zhang San, this is li at General reference.", text);

        var theirs = await other.Http.GetFromJsonAsync<List<CannedResponse>>("api/staff/canned", Json.Options);
        Assert.DoesNotContain(theirs!, c => c.Id == canned.Id);
        var shared = await librarian.Http.SendAsync(Json.Post("api/staff/canned", new CannedResponseInput("Shared", "x", true), librarian.AntiforgeryToken));
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, shared.StatusCode);
    }
}
