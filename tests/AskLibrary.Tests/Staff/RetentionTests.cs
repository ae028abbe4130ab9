using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AskLibrary.Chat;
using AskLibrary.Chat.Contracts;
using AskLibrary.Knowledge.Articles;
using AskLibrary.Patrons;
using AskLibrary.Storage.Sqlite;
using AskLibrary.Tests.Infrastructure;
using AskLibrary.Tickets;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace AskLibrary.Tests.Staff;

/// <summary>
/// Retention beyond the chats: tickets and their emailed answers, transcript requests, the questions kept for the
/// knowledge-gap view, search texts and patron addresses lose their personal data; the counts stay.
/// </summary>
public sealed class RetentionTests : ChatTestBase
{
    protected override Dictionary<string, string?>? Settings => new()
    {
        ["AskLibrary:Privacy:RetentionDays"] = "365",
        ["AskLibrary:Queues:0:IpAddresses"] = "Full",
    };

    private static readonly string[] Personal = ["Zhang Wei", "zw@example.edu.cn", "2020123456", "138 0013 8000"];

    private ITicketStore Tickets => App.Services.GetRequiredService<ITicketStore>();
    private IKnowledgeStore Knowledge => App.Services.GetRequiredService<IKnowledgeStore>();
    private ITranscriptRequestStore Requests => App.Services.GetRequiredService<ITranscriptRequestStore>();

    [Fact]
    public async Task After_the_retention_period_tickets_requests_gap_questions_and_search_texts_lose_personal_data_and_keep_their_counts()
    {
        var librarian = await LibrarianAsync("li");
        var old = await CraftedRecordsAsync(librarian, "old");
        Time.AdjustTime(Time.GetUtcNow().AddDays(300));
        var recent = await CraftedRecordsAsync(librarian, "new");
        var countsBefore = await CountsAsync();

        Time.AdjustTime(Time.GetUtcNow().AddDays(70)); // the first set is now 370 days old, the second 70
        Time.Advance(TimeSpan.FromMinutes(1)); // the privacy job's tick
        // The job's steps run one after another (questions, chats, tickets, requests, search texts) and the old search
        // text is already gone after its first step, which forgets who made the event: wait for the requests, the step
        // after the tickets, or the assertions race the job.
        await App.WaitUntilAsync(async _ => (await Tickets.FindAsync(old.TicketId, CancellationToken.None))!.AnonymisedAt is not null);
        await App.WaitUntilAsync(async _ => (await Requests.ListForConversationAsync(old.ConversationId, CancellationToken.None)).Single().AnonymisedAt is not null);
        await App.WaitUntilAsync(async _ => (await EventQueriesAsync()).Count == 1);

        var ticket = (await Tickets.FindAsync(old.TicketId, CancellationToken.None))!;
        var ticketText = string.Join("\n", [ticket.Question, ticket.Email, ticket.Name ?? "", .. ticket.Notes.Select(n => n.Text), .. ticket.Answers.Select(a => a.Text)]);
        var request = Assert.Single(await Requests.ListForConversationAsync(old.ConversationId, CancellationToken.None));
        var question = (await AllQuestionsAsync()).Single(q => q.ConversationId == old.ChatId);
        foreach (var personal in Personal)
        {
            Assert.DoesNotContain(personal, ticketText);
            Assert.DoesNotContain(personal, question.Text);
        }
        Assert.Contains(PersonalData.EmailMark, ticketText);
        Assert.Contains(PersonalData.NameMark, ticketText);
        Assert.Contains("renewed", ticketText); // the substance stays readable
        Assert.Contains(PersonalData.NumberMark, question.Text);
        Assert.Equal(("", (string?)null), (ticket.Email, ticket.Name));
        Assert.Equal(("", TranscriptMailer.MaxAttempts), (request.Email, request.Attempts)); // never sent now, never will be
        Assert.Equal(["new: where is 2020123456 for Zhang Wei"], await EventQueriesAsync());
        // Counts for the reports: the same tickets with the same notes and answers, requests, questions and events.
        Assert.Equal(countsBefore, await CountsAsync());
        Assert.Equal((TicketStatus.Closed, 1, 1), (ticket.Status, ticket.Notes.Count, ticket.Answers.Count));
        // The recent records are untouched.
        var kept = (await Tickets.FindAsync(recent.TicketId, CancellationToken.None))!;
        Assert.Equal(("zw@example.edu.cn", (DateTimeOffset?)null), (kept.Email, kept.AnonymisedAt));
        Assert.Contains("2020123456", (await AllQuestionsAsync()).Single(q => q.ConversationId == recent.ChatId).Text);
        Assert.Equal("zw@example.edu.cn", Assert.Single(await Requests.ListForConversationAsync(recent.ConversationId, CancellationToken.None)).Email);
        Assert.Equal(0, (await App.Services.GetRequiredService<PatronPrivacy>().ApplyRetentionAsync(CancellationToken.None)).Total);
    }

    [Fact]
    public async Task The_patron_address_is_exported_erased_on_request_and_dropped_at_retention()
    {
        var librarian = await LibrarianAsync("li");
        var (erased, visitorId) = await FinishedChatAsync(librarian);
        // Another patron (the same email would make them one patron, and erasure would cover both chats).
        var (expiring, _) = await FinishedChatAsync(librarian, details: new PatronDetails("Li Na", "ln@example.edu.cn", null));
        var store = App.Services.GetRequiredService<IConversationStore>();
        Assert.Equal("127.0.0.1", (await store.FindAsync(expiring, CancellationToken.None))!.PatronAddress);
        var (admin, _, token) = await LibrarianClient.SignInAsync(App, "admin", TestApp.AdminPassword);

        var export = await admin.GetFromJsonAsync<JsonElement>($"api/admin/patrons/{visitorId}/export");
        var erasure = await admin.SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"api/admin/patrons/{visitorId}") { Headers = { { "RequestVerificationToken", token } } });

        Assert.Equal("127.0.0.1", export.GetProperty("conversations").EnumerateArray().Single().GetProperty("patronAddress").GetString());
        Assert.Equal(HttpStatusCode.OK, erasure.StatusCode);
        Assert.Null((await store.FindAsync(erased, CancellationToken.None))!.PatronAddress);
        Assert.Equal("127.0.0.1", (await store.FindAsync(expiring, CancellationToken.None))!.PatronAddress);

        Time.AdjustTime(Time.GetUtcNow().AddDays(370));
        Time.Advance(TimeSpan.FromMinutes(1));
        await App.WaitUntilAsync(async _ => (await store.FindAsync(expiring, CancellationToken.None))!.AnonymisedAt is not null);
        Assert.Null((await store.FindAsync(expiring, CancellationToken.None))!.PatronAddress);
    }

    private sealed record Crafted(string TicketId, string ConversationId, string ChatId);

    /// <summary>
    /// Personal data in every kind of record retention must reach: a closed ticket with a note and an emailed answer,
    /// a transcript request, a chat whose question the gap view keeps, and a search.
    /// </summary>
    private async Task<Crafted> CraftedRecordsAsync(LibrarianClient librarian, string tag)
    {
        var (chatId, _) = await FinishedChatAsync(librarian, "Zhang Wei here, my card 2020123456 is blocked, zw@example.edu.cn");
        var now = Time.GetUtcNow();
        var ticket = new Ticket
        {
            Id = "q_" + tag + Guid.NewGuid().ToString("N")[..12],
            QueueId = "general",
            Source = TicketSource.Patron,
            Question = "I am Zhang Wei, card 2020123456, please write to zw@example.edu.cn",
            Email = "zw@example.edu.cn",
            Name = "Zhang Wei",
            Status = TicketStatus.Closed,
            CreatedAt = now,
            ClosedAt = now,
            UpdatedAt = now,
            Notes = [new TicketNote("n1", "s1", "Li", "called 138 0013 8000", now)],
            Answers = [new TicketAnswer("a1", "s1", "Li", "Dear Zhang Wei, card 2020123456 is renewed.", now, Delivery.Sent, now, 1)],
        };
        await Tickets.AddAsync(ticket, CancellationToken.None);
        var conversationId = "c_" + tag + Guid.NewGuid().ToString("N")[..12];
        await Requests.AddAsync(new TranscriptRequestRecord("tr_" + tag, conversationId, "zw@example.edu.cn", now, null), CancellationToken.None);
        await Knowledge.AddEventAsync(new KbEvent("kb-article", KbEventKind.Shown, $"{tag}: where is 2020123456 for Zhang Wei", "v_1", null, now), CancellationToken.None);
        return new Crafted(ticket.Id, conversationId, chatId);
    }

    private async Task<(int Tickets, int Notes, int Answers, int Questions, int Events)> CountsAsync()
    {
        var tickets = await Tickets.ListAsync(new TicketQuery(null, null, false, Time.GetUtcNow(), null, 1000), CancellationToken.None);
        var events = await Knowledge.CountEventsAsync(CancellationToken.None);
        return (tickets.Count, tickets.Sum(t => t.Notes.Count), tickets.Sum(t => t.Answers.Count), (await AllQuestionsAsync()).Count, events.Values.Sum(e => e.Shown));
    }

    private Task<IReadOnlyList<KbQuestion>> AllQuestionsAsync() =>
        Knowledge.ListPoorlyAnsweredAsync(float.MaxValue, DateTimeOffset.UnixEpoch, 1000, CancellationToken.None);

    private Task<List<string>> EventQueriesAsync() =>
        App.Services.GetRequiredService<SqliteDatabase>().ReadAsync(async connection =>
        {
            await using var list = connection.Command("SELECT json_extract(doc, '$.query') FROM kb_events WHERE json_extract(doc, '$.query') IS NOT NULL");
            await using var reader = await list.ExecuteReaderAsync();
            var queries = new List<string>();
            while (await reader.ReadAsync())
                queries.Add(reader.GetString(0));
            return queries;
        }, CancellationToken.None);

    private async Task<(string ConversationId, string VisitorId)> FinishedChatAsync(LibrarianClient librarian, string question = "Where are the theses?",
        PatronDetails? details = null)
    {
        var patron = await PatronAsync();
        var chat = await patron.StartChatAsync(question, patron: details ?? new PatronDetails("Zhang Wei", "zw@example.edu.cn", null));
        await librarian.Queues.WaitAsync(q => q.Waiting.Any(w => w.ConversationId == chat.ConversationId));
        await librarian.AcceptAsync(chat.ConversationId);
        await librarian.SendAsync(chat.ConversationId, "Fourth floor.");
        await patron.Hub.InvokeAsync<ChatState>("EndChat", chat.ConversationId);
        return (chat.ConversationId, patron.Visitor.VisitorId);
    }
}
