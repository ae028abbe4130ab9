using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AskLibrary.Chat.Contracts;
using AskLibrary.Tests.Infrastructure;
using AskLibrary.Tickets;
using Microsoft.AspNetCore.SignalR.Client;

namespace AskLibrary.Tests.Patrons;

/// <summary>
/// The unified timeline on a patron's profile: chats, ratings, offline questions and their answers, and knowledge-base
/// feedback, newest first — shown to whom the profile is shown, and covered by export and erasure.
/// </summary>
public sealed class PatronTimelineTests : ChatTestBase
{
    [Fact]
    public async Task The_profile_lists_every_interaction_newest_first_and_only_the_handling_librarian_and_admins_see_it()
    {
        var (editor, editorToken) = await StaffHttpAsync("ed", "editor");
        await Json.SendOkAsync(editor, Json.Post("api/editor/articles", KbRequests.Article("renew-books", "如何续借图书"), editorToken));
        var li = await LibrarianAsync("li");
        var other = await LibrarianAsync("other");
        var patron = await PatronAsync();

        // An earlier chat, ended and rated.
        var first = await patron.StartChatAsync("How do I renew?", patron: new PatronDetails("Zhang Wei", "zw@example.edu.cn", "2020001"));
        await li.AcceptAsync(first.ConversationId);
        Time.Advance(TimeSpan.FromMinutes(5));
        await li.Hub.InvokeAsync<ChatSummary>("EndChat", first.ConversationId);
        await patron.Hub.InvokeAsync("RateChat", first.ConversationId, 4, "Very helpful, thanks");
        // Then the knowledge base: shown (not an interaction), opened, helpful.
        Time.Advance(TimeSpan.FromMinutes(10));
        await KbRequests.FeedbackAsync(App, patron.Visitor, "renew-books", "shown");
        await KbRequests.FeedbackAsync(App, patron.Visitor, "renew-books", "opened");
        Time.Advance(TimeSpan.FromMinutes(1));
        await KbRequests.FeedbackAsync(App, patron.Visitor, "renew-books", "helpful");
        // An offline question, answered by email.
        Time.Advance(TimeSpan.FromMinutes(10));
        var receipt = await patron.Hub.InvokeAsync<OfflineQuestionReceipt>("LeaveQuestion",
            new OfflineQuestionRequest("general", "Can alumni borrow?", "zw@example.edu.cn", "Zhang Wei", "req-1"));
        Time.Advance(TimeSpan.FromMinutes(10));
        await Json.SendOkAsync(li.Http, Json.Post($"api/staff/tickets/{receipt.Id}/claim", new { }, li.AntiforgeryToken));
        await Json.SendOkAsync(li.Http, Json.Post($"api/staff/tickets/{receipt.Id}/answer", new TicketAnswerInput("Yes, with an alumni card.", TicketStatus.Pending), li.AntiforgeryToken));
        // And the chat open now, with "other".
        Time.Advance(TimeSpan.FromMinutes(10));
        var now = await patron.StartChatAsync("Can I borrow a laptop?");
        await other.AcceptAsync(now.ConversationId);

        var profile = await other.Http.GetFromJsonAsync<JsonElement>($"api/staff/patrons/{patron.Visitor.VisitorId}");
        var timeline = profile.GetProperty("timeline");
        Assert.Equal(7, timeline.GetProperty("total").GetInt32());
        var items = timeline.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["chat", "ticket_answered", "ticket", "kb_helpful", "kb_opened", "rating", "chat"], items.Select(i => i.GetProperty("kind").GetString()));
        Assert.Equal(items.Select(i => i.GetProperty("at").GetDateTimeOffset()).OrderByDescending(t => t), items.Select(i => i.GetProperty("at").GetDateTimeOffset()));
        Assert.Equal((now.ConversationId, "active", "Can I borrow a laptop?"), (Text(items[0], "conversationId"), Text(items[0], "outcome"), Text(items[0], "title")));
        Assert.Equal((receipt.Id, "li"), (Text(items[1], "ticketId"), Text(items[1], "staff")));
        Assert.Equal((receipt.Id, "pending", "Can alumni borrow?"), (Text(items[2], "ticketId"), Text(items[2], "outcome"), Text(items[2], "title")));
        Assert.Equal(("renew-books", "如何续借图书"), (Text(items[3], "articleId"), Text(items[3], "title")));
        Assert.Equal((first.ConversationId, 4, "Very helpful, thanks"), (Text(items[5], "conversationId"), items[5].GetProperty("score").GetInt32(), Text(items[5], "comment")));
        Assert.Equal((first.ConversationId, "closed", "li"), (Text(items[6], "conversationId"), Text(items[6], "outcome"), Text(items[6], "staff")));
        Assert.Equal("2020001", profile.GetProperty("details").GetProperty("cardNumber").GetString());

        // Who else: a librarian not handling the chat gets not_found, an editor is refused, an admin sees the same timeline.
        Assert.Equal(HttpStatusCode.NotFound, (await li.Http.GetAsync($"api/staff/patrons/{patron.Visitor.VisitorId}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await editor.GetAsync($"api/staff/patrons/{patron.Visitor.VisitorId}")).StatusCode);
        var (admin, _, _) = await LibrarianClient.SignInAsync(App, "admin", TestApp.AdminPassword);
        var seenByAdmin = await admin.GetFromJsonAsync<JsonElement>($"api/staff/patrons/{patron.Visitor.VisitorId}");
        Assert.Equal(7, seenByAdmin.GetProperty("timeline").GetProperty("total").GetInt32());
        var audit = await admin.GetFromJsonAsync<JsonElement>($"api/admin/audit?subjectId={patron.Visitor.VisitorId}");
        Assert.Equal(["Administrator:patron.viewed", "other:patron.viewed"],
            audit.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("staffName").GetString() + ":" + e.GetProperty("action").GetString()));
    }

    [Fact]
    public async Task Export_includes_a_patrons_knowledge_base_feedback_and_erasure_unlinks_it_while_the_counts_stay()
    {
        var (editor, editorToken) = await StaffHttpAsync("ed", "editor");
        await Json.SendOkAsync(editor, Json.Post("api/editor/articles", KbRequests.Article("renew-books", "如何续借图书"), editorToken));
        var visitor = await PatronClient.NewVisitorAsync(App);
        await KbRequests.FeedbackAsync(App, visitor, "renew-books", "opened");
        await KbRequests.FeedbackAsync(App, visitor, "renew-books", "not_helpful");
        var (admin, _, adminToken) = await LibrarianClient.SignInAsync(App, "admin", TestApp.AdminPassword);

        var export = await admin.GetFromJsonAsync<JsonElement>($"api/admin/patrons/{visitor.VisitorId}/export");
        Assert.Equal([("renew-books", "not_helpful", "续借"), ("renew-books", "opened", "续借")],
            export.GetProperty("knowledgeBase").EnumerateArray().Select(e => (Text(e, "articleId"), Text(e, "kind"), Text(e, "query"))));

        using var erase = new HttpRequestMessage(HttpMethod.Delete, $"api/admin/patrons/{visitor.VisitorId}") { Headers = { { "RequestVerificationToken", adminToken } } };
        Assert.Equal(HttpStatusCode.OK, (await admin.SendAsync(erase)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"api/admin/patrons/{visitor.VisitorId}/export")).StatusCode);
        // The article's statistics still count both events.
        var articles = await editor.GetFromJsonAsync<JsonElement>("api/editor/articles");
        var stats = articles.EnumerateArray().Single(a => Text(a, "id") == "renew-books").GetProperty("stats");
        Assert.Equal((1, 1), (stats.GetProperty("opened").GetInt32(), stats.GetProperty("notHelpful").GetInt32()));
    }

    private static string? Text(JsonElement e, string property) => e.TryGetProperty(property, out var value) ? value.GetString() : null;

    private async Task<(HttpClient, string)> StaffHttpAsync(string userName, string role)
    {
        await App.AddStaffAsync(userName, role);
        var (http, _, token) = await LibrarianClient.SignInAsync(App, userName, userName + "-password");
        return (http, token);
    }
}
