using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AskLibrary.Chat.Contracts;
using AskLibrary.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;

namespace AskLibrary.Tests.Patrons;

/// <summary>The profile beside a chat: only for the librarian handling it (and admins), with segment and history, always audited.</summary>
public sealed class PatronProfileTests : ChatTestBase
{
    [Fact]
    public async Task The_librarian_handling_a_chat_sees_the_patrons_history_and_segment_and_others_do_not()
    {
        var li = await LibrarianAsync("li");
        var other = await LibrarianAsync("other");
        var patron = await PatronAsync();
        foreach (var question in new[] { "Where is the thesis room?", "How do I renew?" })
        {
            var earlier = await patron.StartChatAsync(question, patron: new PatronDetails("Zhang Wei", "zw@example.edu.cn", null));
            await li.AcceptAsync(earlier.ConversationId);
            Time.Advance(TimeSpan.FromMinutes(12));
            await patron.Hub.InvokeAsync<ChatState>("EndChat", earlier.ConversationId);
            Time.AdjustTime(Time.GetUtcNow().AddDays(10)); // without replaying every maintenance tick
        }
        // Ten days on, the console sessions have expired: sign in again for the REST calls.
        var (liHttp, _, _) = await LibrarianClient.SignInAsync(App, "li", "li-password");
        var (otherHttp, _, otherToken) = await LibrarianClient.SignInAsync(App, "other", "other-password");
        var now = await patron.StartChatAsync("Can I borrow a laptop?");
        await other.Queues.WaitAsync(q => q.Waiting.Any(w => w.ConversationId == now.ConversationId));
        await other.AcceptAsync(now.ConversationId);

        // "li" handled earlier chats but not this one: no profile. "other" is handling it: the profile.
        Assert.Equal(HttpStatusCode.NotFound, (await liHttp.GetAsync($"api/staff/patrons/{patron.Visitor.VisitorId}")).StatusCode);
        var profile = await otherHttp.GetFromJsonAsync<JsonElement>($"api/staff/patrons/{patron.Visitor.VisitorId}");
        Assert.Equal("Zhang Wei", profile.GetProperty("details").GetProperty("name").GetString());
        Assert.Equal("growing", profile.GetProperty("segment").GetString());
        Assert.Equal(3, profile.GetProperty("scores").GetProperty("frequency").GetInt32());
        Assert.Equal(24, profile.GetProperty("scores").GetProperty("effortMinutes").GetDouble());
        Assert.Equal(["Can I borrow a laptop?", "How do I renew?", "Where is the thesis room?"],
            profile.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("question").GetString()));

        // Marking a key patron, then reading it back.
        var mark = await otherHttp.SendAsync(new HttpRequestMessage(HttpMethod.Put, $"api/staff/patrons/{patron.Visitor.VisitorId}/key-patron")
        {
            Content = JsonContent.Create(new { keyPatron = true }), Headers = { { "RequestVerificationToken", otherToken } },
        });
        Assert.Equal(HttpStatusCode.NoContent, mark.StatusCode);
        Assert.True((await otherHttp.GetFromJsonAsync<JsonElement>($"api/staff/patrons/{patron.Visitor.VisitorId}")).GetProperty("keyPatron").GetBoolean());

        // Admins see any patron; every view is on record.
        var (admin, _, _) = await LibrarianClient.SignInAsync(App, "admin", TestApp.AdminPassword);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"api/staff/patrons/{patron.Visitor.VisitorId}")).StatusCode);
        var audit = await admin.GetFromJsonAsync<JsonElement>($"api/admin/audit?subjectId={patron.Visitor.VisitorId}");
        Assert.Equal(["Administrator:patron.viewed", "other:patron.viewed", "other:patron.key_patron_set", "other:patron.viewed"],
            audit.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("staffName").GetString() + ":" + e.GetProperty("action").GetString()));
    }
}
