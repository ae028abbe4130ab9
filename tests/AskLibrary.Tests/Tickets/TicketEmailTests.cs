using System.Net;
using System.Net.Http.Json;
using AskLibrary.Chat.Contracts;
using AskLibrary.Email;
using AskLibrary.Staff;
using AskLibrary.Tests.Infrastructure;
using AskLibrary.Tickets;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AskLibrary.Tests.Tickets;

/// <summary>
/// Tickets end to end through the real hubs and API, with mail going to a real SMTP server on 127.0.0.1
/// (tests/smtp-sink). The clock starts Tuesday 24 November 2026, 11:00 in Shanghai; the law desk is open
/// 09:00–17:00 on weekdays, so a question left now is due Wednesday 11:00 (03:00 UTC).
/// </summary>
public sealed class TicketEmailTests : ChatTestBase
{
    private static readonly DateTimeOffset DueWednesday = new(2026, 11, 25, 3, 0, 0, TimeSpan.Zero);
    private SmtpSink _sink = null!;

    protected override async Task BeforeStartAsync() => _sink = await SmtpSink.StartAsync();

    protected override async Task AfterStopAsync() => await _sink.DisposeAsync();

    protected override Dictionary<string, string?>? Settings => new(_sink.Settings)
    {
        ["AskLibrary:Tickets:AnswerWithin"] = "1 working day",
        ["AskLibrary:Tickets:RemindBefore"] = "02:00:00",
        ["AskLibrary:Tickets:DeskEmail"] = "desk@library.example.edu",
    };

    [Fact]
    public async Task Patron_leaves_a_question_a_librarian_claims_and_answers_and_the_patron_gets_the_email()
    {
        var librarian = await LibrarianAsync("li");
        var patron = await PatronAsync();
        var receipt = await patron.Hub.InvokeAsync<OfflineQuestionReceipt>("LeaveQuestion",
            new OfflineQuestionRequest("law", "Can alumni borrow law reports?", "alumna@example.org", "Zhao Min", "req-1", "en"));
        Assert.StartsWith("q_", receipt.Id, StringComparison.Ordinal);

        var open = await ListAsync(librarian, "?status=open");
        var ticket = Assert.Single(open);
        Assert.Equal((receipt.Id, TicketSource.Patron, DueWednesday, false), (ticket.Id, ticket.Source, ticket.DueAt!.Value, ticket.Overdue));
        Assert.Null(ticket.OwnerId);

        var claimed = await PostAsync<TicketView>(librarian, $"api/staff/tickets/{ticket.Id}/claim", new { });
        Assert.Equal(librarian.StaffId, claimed.OwnerId);
        await PostAsync<TicketView>(librarian, $"api/staff/tickets/{ticket.Id}/notes", new TicketNoteInput("Internal: check the alumni policy page"));
        var answered = await PostAsync<TicketView>(librarian, $"api/staff/tickets/{ticket.Id}/answer",
            new TicketAnswerInput("Yes — with an alumni card. <b>Bring ID</b>.", TicketStatus.Closed));

        Assert.Equal(TicketStatus.Closed, answered.Status);
        Assert.Equal(Delivery.Sent, Assert.Single(answered.Answers).Delivery);
        var mail = Assert.Single(_sink.Received());
        Assert.Equal(["alumna@example.org"], mail.EnvelopeTo);
        Assert.Equal("\"Ask a Librarian\" <ask@library.example.edu>", mail.From);
        Assert.Equal($"The library's answer to your question [{ticket.Id}]", mail.Subject);
        Assert.Equal("asklibrary", mail.User); // signed in with the configured user name
        Assert.Contains("Yes — with an alumni card. <b>Bring ID</b>.", mail.Text, StringComparison.Ordinal);
        Assert.Contains("Dear Zhao Min,", mail.Text, StringComparison.Ordinal);
        Assert.Contains("Can alumni borrow law reports?", mail.Text, StringComparison.Ordinal);
        Assert.Contains("&lt;b&gt;Bring ID&lt;/b&gt;", mail.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("check the alumni policy", mail.Text + mail.Html, StringComparison.Ordinal);

        // The old offline-questions list still shows it, now closed.
        var legacy = await librarian.Http.GetFromJsonAsync<List<OfflineQuestion>>("api/staff/offline-questions", Json.Options);
        Assert.Equal("closed", Assert.Single(legacy!).Status);
    }

    [Fact]
    public async Task A_requested_transcript_is_emailed_after_the_chat_ends_without_internal_notes()
    {
        var librarian = await LibrarianAsync("li");
        var patron = await PatronAsync();
        var chat = await patron.StartChatAsync("Where are the maps?", patron: new PatronDetails("Wang Fang", null, null));
        await librarian.Queues.WaitAsync(q => q.Waiting.Any(w => w.ConversationId == chat.ConversationId));
        await librarian.AcceptAsync(chat.ConversationId);
        await librarian.SendAsync(chat.ConversationId, "Second floor, east wing.");
        await librarian.Hub.InvokeAsync<SendAck>("AddNote", chat.ConversationId, PatronClient.NewClientId(), "SECRET note: patron seemed lost");
        await patron.Hub.InvokeAsync("RequestTranscript", chat.ConversationId, "wf@example.edu.cn");

        await RunOutboxAsync();
        Assert.Empty(_sink.Received()); // still open: the transcript is not whole yet

        await librarian.Hub.InvokeAsync<ChatSummary>("EndChat", chat.ConversationId);
        // The outbox runs on the app's clock.
        Time.Advance(MailOutbox.Interval + TimeSpan.FromSeconds(1));
        var mail = await _sink.WaitForAsync(m => m.EnvelopeTo.Contains("wf@example.edu.cn"));

        Assert.Equal($"Your chat with the library [{chat.ConversationId}]", mail.Subject); // the chat was in English
        Assert.Contains("Where are the maps?", mail.Text, StringComparison.Ordinal);
        Assert.Contains("Second floor, east wing.", mail.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("SECRET", mail.Text + mail.Html, StringComparison.Ordinal);
        await RunOutboxAsync();
        Assert.Single(_sink.Received()); // sent once
    }

    [Fact]
    public async Task The_owner_is_reminded_once_before_the_due_date_and_the_ticket_then_shows_as_overdue()
    {
        var librarian = await LibrarianAsync("li");
        await SetStaffEmailAsync(librarian.StaffId, "li@library.example.edu");
        var patron = await PatronAsync();
        var first = await patron.Hub.InvokeAsync<OfflineQuestionReceipt>("LeaveQuestion",
            new OfflineQuestionRequest("law", "First question", "a@example.org", null, "req-a"));
        Time.Advance(TimeSpan.FromHours(3)); // Tuesday 14:00: due Wednesday 14:00
        var second = await patron.Hub.InvokeAsync<OfflineQuestionReceipt>("LeaveQuestion",
            new OfflineQuestionRequest("law", "Second question", "b@example.org", null, "req-b"));
        await PostAsync<TicketView>(librarian, $"api/staff/tickets/{first.Id}/claim", new { });

        // Soonest due first.
        Assert.Equal([first.Id, second.Id], (await ListAsync(librarian, "?status=open")).Select(t => t.Id));

        Time.Advance(DueWednesday - TimeSpan.FromHours(2.5) - Time.GetUtcNow()); // 2½ h before due: too early
        await RunOutboxAsync();
        Assert.Empty(_sink.Received());

        Time.Advance(TimeSpan.FromMinutes(40)); // inside the 2 h window
        await RunOutboxAsync();
        await RunOutboxAsync();
        var reminder = Assert.Single(_sink.Received());
        Assert.Equal(["li@library.example.edu"], reminder.EnvelopeTo);
        Assert.Equal($"Ticket {first.Id} is due 2026-11-25 03:00 UTC", reminder.Subject);

        Time.Advance(TimeSpan.FromHours(2)); // past the first due date, not the second
        var (http, _, _) = await LibrarianClient.SignInAsync(App, "li", "li-password"); // a day later: the console signs in again
        var overdue = await ListAsync(http, "?overdue=true");
        Assert.Equal(first.Id, Assert.Single(overdue).Id);
        Assert.True(overdue[0].Overdue);
        Assert.Single(await ListAsync(http, "?mine=true"));

        // Nobody owns the second one: its reminder goes to the desk address.
        Time.Advance(TimeSpan.FromHours(1));
        await RunOutboxAsync();
        Assert.Equal(["desk@library.example.edu"], _sink.Received()[^1].EnvelopeTo);
        Assert.Equal(2, _sink.Received().Count);
    }

    [Fact]
    public async Task A_librarian_turns_a_chat_into_a_follow_up_they_own_once()
    {
        var librarian = await LibrarianAsync("li");
        var other = await LibrarianAsync("other");
        var patron = await PatronAsync();
        var chat = await patron.StartChatAsync("I need the 1953 county survey", patron: new PatronDetails("Chen Jie", "cj@example.org", null));

        var waiting = await other.Http.SendAsync(Json.Post($"api/staff/tickets/from-chat/{chat.ConversationId}", new FollowUpInput(null, null), other.AntiforgeryToken));
        Assert.Equal(HttpStatusCode.NotFound, waiting.StatusCode); // not theirs (and still waiting)

        await librarian.Queues.WaitAsync(q => q.Waiting.Any(w => w.ConversationId == chat.ConversationId));
        await librarian.AcceptAsync(chat.ConversationId);
        var stranger = await other.Http.SendAsync(Json.Post($"api/staff/tickets/from-chat/{chat.ConversationId}", new FollowUpInput(null, null), other.AntiforgeryToken));
        Assert.Equal(HttpStatusCode.NotFound, stranger.StatusCode);

        var created = await librarian.Http.SendAsync(Json.Post($"api/staff/tickets/from-chat/{chat.ConversationId}",
            new FollowUpInput(null, "Ask the map room on Monday"), librarian.AntiforgeryToken));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var ticket = (await created.Content.ReadFromJsonAsync<TicketView>(Json.Options))!;
        Assert.Equal((TicketSource.Chat, "cj@example.org", "I need the 1953 county survey", librarian.StaffId, chat.ConversationId),
            (ticket.Source, ticket.Email, ticket.Question, ticket.OwnerId, ticket.ConversationId));
        Assert.Equal("Ask the map room on Monday", Assert.Single(ticket.Notes).Text);
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 3, 0, 0, TimeSpan.Zero), ticket.DueAt); // general is always open: 24 h

        var again = await librarian.Http.SendAsync(Json.Post($"api/staff/tickets/from-chat/{chat.ConversationId}", new FollowUpInput(null, null), librarian.AntiforgeryToken));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(ticket.Id, (await again.Content.ReadFromJsonAsync<TicketView>(Json.Options))!.Id);
    }

    [Fact]
    public async Task Another_librarian_cannot_take_or_answer_a_claimed_ticket_and_visitors_cannot_reach_tickets()
    {
        var owner = await LibrarianAsync("owner");
        var other = await LibrarianAsync("other");
        var admin = await LibrarianAsync("boss", role: StaffRoles.Admin);
        var created = await PostAsync<TicketView>(owner, "api/staff/tickets",
            new NewTicketInput("general", "Phoned in: opening hours at Christmas?", "caller@example.org", "Caller", "en", Claim: false));
        await PostAsync<TicketView>(owner, $"api/staff/tickets/{created.Id}/claim", new { });

        Assert.Equal("already_claimed", await ProblemAsync(other, $"api/staff/tickets/{created.Id}/claim", new { }, HttpStatusCode.Conflict));
        Assert.Equal("not_assigned", await ProblemAsync(other, $"api/staff/tickets/{created.Id}/answer", new TicketAnswerInput("Mine now", null), HttpStatusCode.Conflict));
        Assert.Equal("not_assigned", await ProblemAsync(other, $"api/staff/tickets/{created.Id}/release", new { }, HttpStatusCode.Conflict));
        Assert.Equal("not_assigned", await ProblemAsync(other, $"api/staff/tickets/{created.Id}/status", new TicketStatusInput(TicketStatus.Closed), HttpStatusCode.Conflict));
        // Anyone on duty may add a note; an admin may release someone else's ticket.
        await PostAsync<TicketView>(other, $"api/staff/tickets/{created.Id}/notes", new TicketNoteInput("I know this one"));
        var released = await PostAsync<TicketView>(admin, $"api/staff/tickets/{created.Id}/release", new { });
        Assert.Null(released.OwnerId);
        Assert.Empty(_sink.Received());

        // A patron's visitor token opens nothing under /api/staff.
        var visitor = await PatronClient.NewVisitorAsync(App);
        using var http = App.CreateHttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"api/staff/tickets/{created.Id}");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", visitor.Token);
        var response = await http.SendAsync(request);
        Assert.True(response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.Redirect, response.StatusCode.ToString());
    }

    [Fact]
    public async Task A_librarian_sees_only_tickets_of_the_queues_they_serve()
    {
        var lawyer = await LibrarianAsync("lawyer", queues: ["law"]);
        var general = await LibrarianAsync("generalist");
        var created = await PostAsync<TicketView>(general, "api/staff/tickets",
            new NewTicketInput("general", "A general question", "g@example.org", null, null, Claim: true));

        Assert.Empty(await ListAsync(lawyer, ""));
        Assert.Equal(HttpStatusCode.NotFound, (await lawyer.Http.GetAsync($"api/staff/tickets/{created.Id}")).StatusCode);
        Assert.Equal("forbidden", await ProblemAsync(lawyer, "api/staff/tickets",
            new NewTicketInput("general", "Not my desk", "g@example.org", null, null, false), HttpStatusCode.Forbidden));
    }

    private async Task RunOutboxAsync() =>
        await App.Services.GetServices<IHostedService>().OfType<MailOutbox>().Single().RunOnceAsync(CancellationToken.None);

    private async Task SetStaffEmailAsync(string staffId, string email)
    {
        var store = App.Services.GetRequiredService<IStaffStore>();
        var account = (await store.FindAsync(staffId, CancellationToken.None))!;
        await store.ReplaceAsync(account with { Email = email }, CancellationToken.None);
    }

    private static Task<List<TicketView>> ListAsync(LibrarianClient librarian, string query) => ListAsync(librarian.Http, query);

    private static async Task<List<TicketView>> ListAsync(HttpClient http, string query) =>
        (await http.GetFromJsonAsync<List<TicketView>>("api/staff/tickets/" + query, Json.Options))!;

    private static async Task<T> PostAsync<T>(LibrarianClient librarian, string path, object body)
    {
        var response = await librarian.Http.SendAsync(Json.Post(path, body, librarian.AntiforgeryToken));
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<T>(Json.Options))!;
    }

    private static async Task<string?> ProblemAsync(LibrarianClient librarian, string path, object body, HttpStatusCode expected)
    {
        var response = await librarian.Http.SendAsync(Json.Post(path, body, librarian.AntiforgeryToken));
        Assert.Equal(expected, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        return problem.GetProperty("type").GetString();
    }
}
