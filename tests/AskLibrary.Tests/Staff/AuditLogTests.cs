using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AskLibrary.Chat.Contracts;
using AskLibrary.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;

namespace AskLibrary.Tests.Staff;

/// <summary>Every view of a transcript or of patron questions by staff is on record, and only admins read the record.</summary>
public sealed class AuditLogTests : ChatTestBase
{
    [Fact]
    public async Task Opening_a_chat_and_reading_a_transcript_are_recorded_with_who_and_when()
    {
        var librarian = await LibrarianAsync("li");
        var patron = await PatronAsync();
        var chat = await patron.StartChatAsync("My card number is 2020123456, can I renew?");
        await librarian.AcceptAsync(chat.ConversationId);
        await librarian.Hub.InvokeAsync<StaffResumeResult>("Open", chat.ConversationId, 0L);
        Time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(HttpStatusCode.OK, (await librarian.Http.GetAsync($"api/staff/transcripts/{chat.ConversationId}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await librarian.Http.GetAsync("api/staff/transcripts?q=renew")).StatusCode);

        await App.AddStaffAsync("ed", "editor");
        var (editor, _, _) = await LibrarianClient.SignInAsync(App, "ed", "ed-password");
        Assert.Equal(HttpStatusCode.OK, (await editor.GetAsync($"api/editor/drafts/from-chat/{chat.ConversationId}")).StatusCode);

        var (admin, _, _) = await LibrarianClient.SignInAsync(App, "admin", TestApp.AdminPassword);
        var about = await AuditAsync(admin, $"subjectId={chat.ConversationId}");
        Assert.Equal(
            [("ed", "kb.draft_from_chat"), ("li", "transcript.viewed"), ("li", "chat.opened")],
            about.Select(e => (e.GetProperty("staffName").GetString(), e.GetProperty("action").GetString())));
        var opened = about.Last();
        Assert.Equal(librarian.StaffId, opened.GetProperty("staffId").GetString());
        Assert.Equal("librarian", opened.GetProperty("role").GetString());
        Assert.Equal(Start, opened.GetProperty("at").GetDateTimeOffset());
        Assert.Equal(Start.AddMinutes(5), about[1].GetProperty("at").GetDateTimeOffset());

        Assert.Equal(HttpStatusCode.OK, (await librarian.Http.GetAsync("api/staff/tickets?overdue=true")).StatusCode);
        var byLibrarian = await AuditAsync(admin, $"staffId={librarian.StaffId}");
        Assert.Contains(byLibrarian, e => e.GetProperty("action").GetString() == "tickets.listed" && e.GetProperty("detail").GetString()!.Contains("overdue=True"));
        Assert.Contains(byLibrarian, e => e.GetProperty("action").GetString() == "transcripts.searched" && e.GetProperty("detail").GetString()!.Contains("q=renew"));
        Assert.DoesNotContain(byLibrarian, e => e.GetProperty("staffName").GetString() != "li");
    }

    [Fact]
    public async Task Only_admins_read_the_audit_log_and_a_refused_view_leaves_no_false_entry()
    {
        var librarian = await LibrarianAsync("li");
        Assert.Equal(HttpStatusCode.Forbidden, (await librarian.Http.GetAsync("api/admin/audit")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await librarian.Http.GetAsync("api/staff/transcripts/c_doesnotexist00")).StatusCode);

        var (admin, _, _) = await LibrarianClient.SignInAsync(App, "admin", TestApp.AdminPassword);
        Assert.Empty(await AuditAsync(admin, "subjectId=c_doesnotexist00"));
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync("api/admin/audit?from=yesterday")).StatusCode);
    }

    private static async Task<List<JsonElement>> AuditAsync(HttpClient admin, string query)
    {
        var page = await admin.GetFromJsonAsync<JsonElement>("api/admin/audit?" + query);
        return [.. page.GetProperty("items").EnumerateArray()];
    }
}
