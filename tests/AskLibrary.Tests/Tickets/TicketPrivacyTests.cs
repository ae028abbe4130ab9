using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AskLibrary.Chat.Contracts;
using AskLibrary.Email;
using AskLibrary.Tests.Infrastructure;
using AskLibrary.Tickets;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AskLibrary.Tests.Tickets;

/// <summary>
/// A patron's tickets in the export and erasure of their data (docs/crm.md#identified-patrons): the export carries the
/// question and the answers but never the internal notes; erasure scrubs the ticket like retention does, keeps what the
/// reports count, waits while a ticket is open, and an answer still waiting for the outbox is never sent.
/// </summary>
public sealed class TicketPrivacyTests : ChatTestBase
{
    private SmtpSink _sink = null!;

    protected override async Task BeforeStartAsync() => _sink = await SmtpSink.StartAsync();

    protected override async Task AfterStopAsync() => await _sink.DisposeAsync();

    protected override Dictionary<string, string?>? Settings => new(_sink.Settings);

    private ITicketStore Tickets => App.Services.GetRequiredService<ITicketStore>();

    [Fact]
    public async Task A_patrons_tickets_are_exported_without_notes_and_erased_without_sending_what_was_still_queued()
    {
        var librarian = await LibrarianAsync("li");
        var patron = await PatronAsync();
        var visitorId = patron.Visitor.VisitorId;
        var receipt = await patron.Hub.InvokeAsync<OfflineQuestionReceipt>("LeaveQuestion",
            new OfflineQuestionRequest("general", "I am Zhao Min, card 2020123456: can alumni borrow law reports?", "zm@example.org", "Zhao Min", "req-1", "en"));
        await PostAsync<TicketView>(librarian, $"api/staff/tickets/{receipt.Id}/claim", new { });
        await PostAsync<TicketView>(librarian, $"api/staff/tickets/{receipt.Id}/notes", new TicketNoteInput("SECRET: Zhao Min owes fines"));
        var answered = await PostAsync<TicketView>(librarian, $"api/staff/tickets/{receipt.Id}/answer",
            new TicketAnswerInput("Dear Zhao Min, yes: bring your alumni card.", TicketStatus.Pending));
        Assert.Equal(Delivery.Sent, Assert.Single(answered.Answers).Delivery);
        Assert.Single(_sink.Received());
        // A second answer waits for the outbox, as it does after the mail server refused it once.
        var stored = (await Tickets.FindAsync(receipt.Id, CancellationToken.None))!;
        await Tickets.ReplaceAsync(stored with
        {
            Answers = [.. stored.Answers, new TicketAnswer("a_queued", librarian.StaffId, "li", "Also, Zhao Min: the law room opens at 9.", stored.UpdatedAt, Delivery.Pending, Attempts: 1)],
        }, CancellationToken.None);
        var (admin, _, token) = await LibrarianClient.SignInAsync(App, "admin", TestApp.AdminPassword);

        // Export: the ticket with the patron's question, address and both answers; no internal note.
        var exportText = await admin.GetStringAsync($"api/admin/patrons/{visitorId}/export");
        var exported = JsonDocument.Parse(exportText).RootElement.GetProperty("tickets").EnumerateArray().Single();
        Assert.Equal((receipt.Id, "zm@example.org", "Zhao Min", "pending", "patron"),
            (exported.GetProperty("ticketId").GetString(), exported.GetProperty("email").GetString(), exported.GetProperty("name").GetString(),
             exported.GetProperty("status").GetString(), exported.GetProperty("source").GetString()));
        Assert.Contains("can alumni borrow law reports?", exported.GetProperty("question").GetString(), StringComparison.Ordinal);
        Assert.Equal([("Dear Zhao Min, yes: bring your alumni card.", "sent"), ("Also, Zhao Min: the law room opens at 9.", "pending")],
            exported.GetProperty("answers").EnumerateArray().Select(a => (a.GetProperty("text").GetString(), a.GetProperty("delivery").GetString())));
        Assert.DoesNotContain("SECRET", exportText, StringComparison.Ordinal);
        Assert.DoesNotContain("owes fines", exportText, StringComparison.Ordinal);

        // A question still waiting for an answer holds the erasure back, as an open chat does.
        var waiting = await patron.Hub.InvokeAsync<OfflineQuestionReceipt>("LeaveQuestion",
            new OfflineQuestionRequest("general", "And the map room, Zhao Min asks?", "zm@example.org", "Zhao Min", "req-2", "en"));
        var refused = await admin.SendAsync(Delete($"api/admin/patrons/{visitorId}", token));
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("invalid_state", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString());
        Assert.Null((await Tickets.FindAsync(receipt.Id, CancellationToken.None))!.AnonymisedAt); // nothing was touched
        await PostAsync<TicketView>(librarian, $"api/staff/tickets/{waiting.Id}/status", new TicketStatusInput(TicketStatus.Closed));

        var before = (await Tickets.FindAsync(receipt.Id, CancellationToken.None))!;
        var factsBefore = await TicketFactsAsync();
        var erased = await admin.SendAsync(Delete($"api/admin/patrons/{visitorId}", token));
        Assert.Equal(HttpStatusCode.OK, erased.StatusCode);
        var counts = await erased.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((0, 2), (counts.GetProperty("anonymisedChats").GetInt32(), counts.GetProperty("anonymisedTickets").GetInt32()));

        // Scrubbed like retention scrubs: no address, no name, no card number in any text.
        var after = (await Tickets.FindAsync(receipt.Id, CancellationToken.None))!;
        Assert.NotNull(after.AnonymisedAt);
        Assert.Equal(("", (string?)null), (after.Email, after.Name));
        var texts = string.Join("\n", [after.Question, .. after.Notes.Select(n => n.Text), .. after.Answers.Select(a => a.Text)]);
        foreach (var personal in new[] { "Zhao Min", "2020123456", "zm@example.org" })
            Assert.DoesNotContain(personal, texts, StringComparison.Ordinal);
        Assert.Contains("alumni card", texts, StringComparison.Ordinal); // the substance stays
        // What the reports count stays: queue, source, status, times, owner, number of notes and answers, delivery of the sent one.
        Assert.Equal((before.QueueId, before.Source, before.Status, before.CreatedAt, before.DueAt, before.ClosedAt, before.OwnerId, before.Notes.Count, before.Answers.Count),
            (after.QueueId, after.Source, after.Status, after.CreatedAt, after.DueAt, after.ClosedAt, after.OwnerId, after.Notes.Count, after.Answers.Count));
        Assert.Equal([Delivery.Sent, Delivery.Failed], after.Answers.Select(a => a.Delivery)); // the queued one is given up
        Assert.Equal(factsBefore, await TicketFactsAsync());
        Assert.Equal(2, factsBefore.Count);
        Assert.NotNull((await Tickets.FindAsync(waiting.Id, CancellationToken.None))!.AnonymisedAt);

        // The outbox has nothing left to send for it, and the ticket cannot be answered again.
        Assert.DoesNotContain(await Tickets.ListMailPendingAsync(CancellationToken.None), t => t.Id == receipt.Id);
        await App.Services.GetServices<IHostedService>().OfType<MailOutbox>().Single().RunOnceAsync(CancellationToken.None);
        Assert.Single(_sink.Received());
        var again = await librarian.Http.SendAsync(Json.Post($"api/staff/tickets/{receipt.Id}/answer",
            new TicketAnswerInput("One more thing", TicketStatus.Closed), librarian.AntiforgeryToken));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Single(_sink.Received());

        var audit = await admin.GetFromJsonAsync<JsonElement>($"api/admin/audit?subjectId={visitorId}");
        var entries = audit.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["patron.erased", "patron.exported"], entries.Select(e => e.GetProperty("action").GetString()));
        Assert.Contains("tickets=2", entries[0].GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_follow_up_of_the_patrons_chat_is_in_their_export()
    {
        var librarian = await LibrarianAsync("li");
        var patron = await PatronAsync();
        var chat = await patron.StartChatAsync("I need the 1953 county survey", patron: new PatronDetails("Chen Jie", "cj@example.org", null));
        await librarian.Queues.WaitAsync(q => q.Waiting.Any(w => w.ConversationId == chat.ConversationId));
        await librarian.AcceptAsync(chat.ConversationId);
        var created = await librarian.Http.SendAsync(Json.Post($"api/staff/tickets/from-chat/{chat.ConversationId}",
            new FollowUpInput(null, "Internal: ask the map room"), librarian.AntiforgeryToken));
        var ticket = (await created.Content.ReadFromJsonAsync<TicketView>(Json.Options))!;
        var (admin, _, _) = await LibrarianClient.SignInAsync(App, "admin", TestApp.AdminPassword);

        var exportText = await admin.GetStringAsync($"api/admin/patrons/{patron.Visitor.VisitorId}/export");
        var exported = JsonDocument.Parse(exportText).RootElement.GetProperty("tickets").EnumerateArray().Single();
        Assert.Equal((ticket.Id, chat.ConversationId, "chat", "open"),
            (exported.GetProperty("ticketId").GetString(), exported.GetProperty("conversationId").GetString(),
             exported.GetProperty("source").GetString(), exported.GetProperty("status").GetString()));
        Assert.DoesNotContain("map room", exportText, StringComparison.Ordinal);
    }

    /// <summary>What the ticket report reads (docs/reports.md): queue, times, first answer, closed.</summary>
    private async Task<List<AskLibrary.Reports.TicketFacts>> TicketFactsAsync() =>
        [.. (await App.Services.GetRequiredService<AskLibrary.Reports.IReportStore>()
            .ListTicketFactsAsync(Time.GetUtcNow().AddDays(-1), Time.GetUtcNow().AddDays(1), null, CancellationToken.None)).OrderBy(f => f.CreatedAt)];

    private static HttpRequestMessage Delete(string path, string token) =>
        new(HttpMethod.Delete, path) { Headers = { { "RequestVerificationToken", token } } };

    private static async Task<T> PostAsync<T>(LibrarianClient librarian, string path, object body)
    {
        var response = await librarian.Http.SendAsync(Json.Post(path, body, librarian.AntiforgeryToken));
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<T>(Json.Options))!;
    }
}
