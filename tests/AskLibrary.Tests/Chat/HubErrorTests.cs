using System.Net;
using AskLibrary.Chat.Contracts;
using AskLibrary.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;

namespace AskLibrary.Tests.Chat;

/// <summary>Invalid calls get the documented error code, and the connection stays usable afterwards.</summary>
public sealed class HubErrorTests : ChatTestBase
{
    [Fact]
    public async Task Invalid_patron_calls_get_documented_errors_and_the_connection_survives()
    {
        var librarian = await LibrarianAsync("li");
        var patron = await PatronAsync();

        Assert.Equal("invalid_argument", await Errors.CodeOf(() => patron.StartChatAsync("   ")));
        Assert.Equal("too_large", await Errors.CodeOf(() => patron.StartChatAsync(new string('x', 2001))));
        Assert.Equal("invalid_argument", await Errors.CodeOf(() => patron.StartChatAsync("ok", clientMessageId: "has spaces")));
        Assert.Equal("not_found", await Errors.CodeOf(() => patron.StartChatAsync("ok", "no-such-queue")));
        Assert.Equal("invalid_argument", await Errors.CodeOf(() => patron.StartChatAsync("ok", "../etc")));
        Assert.Equal("invalid_argument", await Errors.CodeOf(() => patron.Hub.InvokeAsync("StartChat", (StartChatRequest?)null)));
        Assert.Equal("invalid_argument", await Errors.CodeOf(() => patron.StartChatAsync("ok", patron: new PatronDetails(null, "not-an-email", null))));

        var chat = await patron.StartChatAsync("A real question");
        Assert.Equal("invalid_state", await Errors.CodeOf(() => patron.Hub.InvokeAsync("RateChat", chat.ConversationId, 5, null)));
        Assert.Equal("not_found", await Errors.CodeOf(() => patron.Hub.InvokeAsync<ResumeResult>("Resume", "c_doesnotexist", 0L)));
        Assert.Equal("invalid_argument", await Errors.CodeOf(() => patron.Hub.InvokeAsync<ResumeResult>("Resume", chat.ConversationId, -1L)));

        await librarian.AcceptAsync(chat.ConversationId);
        Assert.Equal("too_large", await Errors.CodeOf(() => patron.SendAsync(chat.ConversationId, new string('字', 4001))));
        Assert.Equal("invalid_argument", await Errors.CodeOf(() => patron.SendAsync(chat.ConversationId, "")));
        await patron.Hub.InvokeAsync<ChatState>("EndChat", chat.ConversationId);
        Assert.Equal("invalid_state", await Errors.CodeOf(() => patron.Hub.InvokeAsync<ChatState>("EndChat", chat.ConversationId)));
        Assert.Equal("invalid_argument", await Errors.CodeOf(() => patron.Hub.InvokeAsync("RateChat", chat.ConversationId, 6, null)));
        await patron.Hub.InvokeAsync("RateChat", chat.ConversationId, 4, null);
        Assert.Equal("invalid_state", await Errors.CodeOf(() => patron.Hub.InvokeAsync("RateChat", chat.ConversationId, 5, null)));
        Assert.Equal("invalid_argument", await Errors.CodeOf(() => patron.Hub.InvokeAsync("RequestTranscript", chat.ConversationId, "nobody")));

        Assert.Equal(HubConnectionState.Connected, patron.Hub.State);
        Assert.NotNull(await patron.Hub.InvokeAsync<QueueStatus>("GetQueueStatus", "general"));
    }

    [Fact]
    public async Task A_patron_cannot_see_or_touch_another_patrons_conversation()
    {
        var librarian = await LibrarianAsync("li");
        var owner = await PatronAsync();
        var intruder = await PatronAsync();
        var chat = await owner.StartChatAsync("My library card number is 2026001234");
        await librarian.AcceptAsync(chat.ConversationId);

        Assert.Equal("not_found", await Errors.CodeOf(() => intruder.Hub.InvokeAsync<ResumeResult>("Resume", chat.ConversationId, 0L)));
        Assert.Equal("not_found", await Errors.CodeOf(() => intruder.SendAsync(chat.ConversationId, "hello")));
        Assert.Equal("not_found", await Errors.CodeOf(() => intruder.Hub.InvokeAsync<ChatState>("EndChat", chat.ConversationId)));
        Assert.Equal("not_found", await Errors.CodeOf(() => intruder.Hub.InvokeAsync("SetTyping", chat.ConversationId, true)));
        Assert.Null(await intruder.Hub.InvokeAsync<ChatState?>("GetCurrentChat"));

        await librarian.SendAsync(chat.ConversationId, "Thanks");
        await owner.Messages.WaitAsync(m => m.Kind == MessageKind.Librarian);
        Assert.Empty(intruder.Messages.All);
    }

    [Fact]
    public async Task Invalid_staff_calls_get_documented_errors()
    {
        var librarian = await LibrarianAsync("li");
        var other = await LibrarianAsync("other");
        var patron = await PatronAsync();
        var chat = await patron.StartChatAsync("Question");

        Assert.Equal("not_assigned", await Errors.CodeOf(() => librarian.SendAsync(chat.ConversationId, "not yet accepted")));
        Assert.Equal("not_found", await Errors.CodeOf(() => librarian.AcceptAsync("c_nonexistent")));
        await librarian.AcceptAsync(chat.ConversationId);
        Assert.Equal("not_assigned", await Errors.CodeOf(() => other.Hub.InvokeAsync<StaffResumeResult>("Open", chat.ConversationId, 0L)));
        Assert.Equal("not_assigned", await Errors.CodeOf(() => other.Hub.InvokeAsync<ChatSummary>("EndChat", chat.ConversationId)));
        Assert.Equal("invalid_argument", await Errors.CodeOf(() => librarian.Hub.InvokeAsync("Transfer", new TransferRequest(chat.ConversationId, "general", other.StaffId, null))));
        Assert.Equal("not_found", await Errors.CodeOf(() => librarian.Hub.InvokeAsync("Transfer", new TransferRequest(chat.ConversationId, "nowhere", null, null))));
        Assert.Equal("too_large", await Errors.CodeOf(() => librarian.Hub.InvokeAsync("Transfer", new TransferRequest(chat.ConversationId, "general", null, new string('n', 1001)))));
        Assert.Equal("invalid_argument", await Errors.CodeOf(() => librarian.Hub.InvokeAsync<LibrarianPresence>("SetPresence", Presence.Offline)));
        Assert.Equal("not_found", await Errors.CodeOf(() => librarian.Hub.InvokeAsync<string>("RenderCanned", chat.ConversationId, "cr_missing")));
        Assert.Equal(HubConnectionState.Connected, librarian.Hub.State);
    }

    [Fact]
    public async Task Hubs_refuse_callers_without_the_right_identity()
    {
        var noToken = new HubConnectionBuilder().WithUrl(new Uri(App.BaseAddress, "hubs/patron")).Build();
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => noToken.StartAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);

        var forged = new HubConnectionBuilder()
            .WithUrl(new Uri(App.BaseAddress, "hubs/patron"), o => o.AccessTokenProvider = () => Task.FromResult<string?>("v_forged"))
            .Build();
        Assert.Equal(HttpStatusCode.Unauthorized, (await Assert.ThrowsAsync<HttpRequestException>(() => forged.StartAsync())).StatusCode);

        var anonymousStaff = new HubConnectionBuilder().WithUrl(new Uri(App.BaseAddress, "hubs/staff")).Build();
        Assert.Equal(HttpStatusCode.Unauthorized, (await Assert.ThrowsAsync<HttpRequestException>(() => anonymousStaff.StartAsync())).StatusCode);

        await App.AddStaffAsync("editor", "editor");
        var (_, cookies, _) = await LibrarianClient.SignInAsync(App, "editor", "editor-password");
        var editor = new HubConnectionBuilder().WithUrl(new Uri(App.BaseAddress, "hubs/staff"), o => o.Cookies = cookies).Build();
        Assert.Equal(HttpStatusCode.Forbidden, (await Assert.ThrowsAsync<HttpRequestException>(() => editor.StartAsync())).StatusCode);
    }

    [Fact]
    public async Task A_flood_of_calls_is_rate_limited_without_dropping_the_connection()
    {
        var patron = await PatronAsync();
        var codes = new List<string>();
        for (var i = 0; i < 60; i++)
        {
            try
            {
                await patron.Hub.InvokeAsync<QueueStatus>("GetQueueStatus", "general");
            }
            catch (Microsoft.AspNetCore.SignalR.HubException ex)
            {
                codes.Add(ex.Message);
            }
        }
        Assert.Contains(codes, c => c.Contains("rate_limited"));
        Assert.Equal(HubConnectionState.Connected, patron.Hub.State);
    }
}
