using System.Net;
using System.Net.Http.Json;
using AskLibrary.Chat.Contracts;
using AskLibrary.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;

namespace AskLibrary.Tests.Chat;

public sealed class AbuseAndShutdownTests : ChatTestBase
{
    [Fact]
    public async Task A_blocked_visitor_is_refused_neutrally_until_the_block_expires()
    {
        var librarian = await LibrarianAsync("li");
        var patron = await PatronAsync();
        var chat = await patron.StartChatAsync("abusive text");
        await librarian.AcceptAsync(chat.ConversationId);

        Assert.Equal("invalid_argument", await Errors.CodeOf(() => librarian.Hub.InvokeAsync("BlockVisitor", chat.ConversationId, 60 * 24 * 30, "spam")));
        await librarian.Hub.InvokeAsync("BlockVisitor", chat.ConversationId, 60, "Repeated abuse");
        var ended = await patron.Updates.WaitAsync(s => s.State == ConversationState.Closed);
        Assert.NotNull(ended);
        Assert.DoesNotContain(patron.Messages.All, m => m.Text.Contains("abuse", StringComparison.OrdinalIgnoreCase) && m.Kind != MessageKind.Patron);

        var refused = await Assert.ThrowsAsync<Microsoft.AspNetCore.SignalR.HubException>(() => patron.StartChatAsync("again"));
        Assert.Contains("unavailable: The chat service is not available right now.", refused.Message);
        Assert.Equal("unavailable", await Errors.CodeOf(() => patron.Hub.InvokeAsync<OfflineQuestionReceipt>("LeaveQuestion",
            new OfflineQuestionRequest("general", "q", "a@example.org", null, "r1"))));

        // Another visitor on the same machine (same address) is not affected.
        var neighbour = await PatronAsync();
        Assert.Equal(ConversationState.Waiting, (await neighbour.StartChatAsync("hello")).State);

        Time.Advance(TimeSpan.FromMinutes(61));
        await neighbour.Hub.InvokeAsync<ChatState>("EndChat", (await neighbour.Hub.InvokeAsync<ChatState?>("GetCurrentChat"))!.ConversationId);
        Assert.Equal(ConversationState.Waiting, (await patron.StartChatAsync("after the block")).State);
    }

    [Fact]
    public async Task Admins_see_and_lift_blocks_and_the_note_keeps_the_reason_for_staff()
    {
        var librarian = await LibrarianAsync("li");
        var patron = await PatronAsync();
        var chat = await patron.StartChatAsync("spam");
        await librarian.AcceptAsync(chat.ConversationId);
        await librarian.Hub.InvokeAsync("BlockVisitor", chat.ConversationId, 30, "Spam links");

        var transcript = await librarian.Http.GetFromJsonAsync<StaffResumeResult>($"api/staff/transcripts/{chat.ConversationId}", Json.Options);
        Assert.Contains(transcript!.Messages, m => m.Kind == MessageKind.Note && m.Text.Contains("Spam links"));

        var (admin, _, token) = await LibrarianClient.SignInAsync(App, "admin", TestApp.AdminPassword);
        var blocks = await admin.GetStringAsync("api/admin/blocks");
        Assert.Contains(patron.Visitor.VisitorId, blocks);
        var lift = new HttpRequestMessage(HttpMethod.Delete, $"api/admin/blocks/{patron.Visitor.VisitorId}") { Headers = { { "RequestVerificationToken", token } } };
        Assert.Equal(HttpStatusCode.NoContent, (await admin.SendAsync(lift)).StatusCode);
        Assert.Equal(ConversationState.Waiting, (await patron.StartChatAsync("back")).State);
        Assert.Equal(HttpStatusCode.Forbidden, (await librarian.Http.GetAsync("api/admin/blocks")).StatusCode);
    }

    [Fact]
    public async Task A_graceful_shutdown_leaves_a_notice_in_every_open_chat_that_patrons_get_when_they_resume()
    {
        var librarian = await LibrarianAsync("li");
        var patron = await PatronAsync();
        var chat = await patron.StartChatAsync("Will I lose this?");
        await librarian.AcceptAsync(chat.ConversationId);

        await App.RestartAsync();

        var back = Track(await PatronClient.ConnectAsync(App, patron.Visitor));
        var resumed = await back.Hub.InvokeAsync<ResumeResult>("Resume", chat.ConversationId, 0L);
        Assert.Equal(["Will I lose this?", "joined", "restarting"], resumed.Messages.Select(m => m.Event ?? m.Text));
    }
}
