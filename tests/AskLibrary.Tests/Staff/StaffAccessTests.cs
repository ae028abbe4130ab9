using System.Net;
using System.Net.Http.Json;
using AskLibrary.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;

namespace AskLibrary.Tests.Staff;

/// <summary>Sign-in, roles and the console's REST API as each kind of staff member meets them.</summary>
public sealed class StaffAccessTests : ChatTestBase
{
    [Fact]
    public async Task Staff_pages_and_apis_require_sign_in()
    {
        using var anonymous = App.CreateHttpClient();
        var console = await anonymous.GetAsync("staff/");
        Assert.Equal(HttpStatusCode.Redirect, console.StatusCode);
        Assert.StartsWith("/staff/login", console.Headers.Location!.PathAndQuery);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("api/staff/transcripts")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("api/admin/staff")).StatusCode);
    }

    [Fact]
    public async Task Wrong_passwords_are_refused_and_repeated_guessing_is_throttled()
    {
        await App.AddStaffAsync("li");
        using var http = App.CreateHttpClient();
        HttpResponseMessage? last = null;
        for (var i = 0; i < 6; i++)
            last = await http.PostAsync("staff/login", LoginForm(await http.GetStringAsync("staff/login"), "li", "wrong-password"));
        Assert.Equal(HttpStatusCode.TooManyRequests, last!.StatusCode);
        // Even the right password waits until the window has passed.
        var right = await http.PostAsync("staff/login", LoginForm(await http.GetStringAsync("staff/login"), "li", "li-password"));
        Assert.Equal(HttpStatusCode.TooManyRequests, right.StatusCode);
        Time.Advance(TimeSpan.FromMinutes(16));
        var later = await http.PostAsync("staff/login", LoginForm(await http.GetStringAsync("staff/login"), "li", "li-password"));
        Assert.Equal(HttpStatusCode.Redirect, later.StatusCode);
    }

    [Fact]
    public async Task Sign_in_without_the_anti_forgery_token_is_refused()
    {
        await App.AddStaffAsync("li");
        using var http = App.CreateHttpClient();
        var response = await http.PostAsync("staff/login", new FormUrlEncodedContent(new Dictionary<string, string> { ["username"] = "li", ["password"] = "li-password" }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task A_form_that_cannot_be_parsed_is_refused_with_400_not_a_server_error()
    {
        // An encoded NUL makes the form unreadable before the anti-forgery token can even be looked for (found by HttpFuzzTests).
        using var http = App.CreateHttpClient();
        var response = await http.PostAsync("staff/login", new StringContent("username=li%00&password=x", System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("invalid_argument", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_sign_in_form_never_redirects_to_another_site()
    {
        await App.AddStaffAsync("li");
        using var http = App.CreateHttpClient();
        var page = await http.GetStringAsync("staff/login?returnUrl=https://evil.example/");
        Assert.DoesNotContain("evil.example", page);
        var form = new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = LibrarianClient.TokenOf(page), ["username"] = "li", ["password"] = "li-password", ["returnUrl"] = "//evil.example/x",
        };
        var response = await http.PostAsync("staff/login", new FormUrlEncodedContent(form));
        Assert.Equal("/staff/", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Editors_cannot_reach_chats_and_librarians_cannot_manage_staff()
    {
        await App.AddStaffAsync("editor", "editor");
        var (editorHttp, _, _) = await LibrarianClient.SignInAsync(App, "editor", "editor-password");
        Assert.Equal(HttpStatusCode.Forbidden, (await editorHttp.GetAsync("api/staff/transcripts")).StatusCode);

        var librarian = await LibrarianAsync("li");
        Assert.Equal(HttpStatusCode.Forbidden, (await librarian.Http.GetAsync("api/admin/staff")).StatusCode);
        var create = await librarian.Http.SendAsync(Json.Post("api/admin/staff", new { userName = "x", displayName = "X", role = "admin", password = "0123456789ab" }, librarian.AntiforgeryToken));
        Assert.Equal(HttpStatusCode.Forbidden, create.StatusCode);
    }

    [Fact]
    public async Task An_admin_creates_a_librarian_who_can_then_sign_in_and_the_list_never_shows_password_hashes()
    {
        var (admin, _, token) = await LibrarianClient.SignInAsync(App, "admin", TestApp.AdminPassword);
        var create = await admin.SendAsync(Json.Post("api/admin/staff",
            new { userName = "zhang.wei", displayName = "张伟", role = "librarian", password = "correct horse battery", queues = new[] { "general" }, capacity = 2 }, token));
        Assert.Equal(HttpStatusCode.Created, create.StatusCode);

        var duplicate = await admin.SendAsync(Json.Post("api/admin/staff", new { userName = "zhang.wei", displayName = "x", role = "librarian", password = "correct horse battery" }, token));
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
        var weak = await admin.SendAsync(Json.Post("api/admin/staff", new { userName = "li.na", displayName = "x", role = "librarian", password = "short" }, token));
        Assert.Equal(HttpStatusCode.BadRequest, weak.StatusCode);
        Assert.Equal("invalid_argument", (await weak.Content.ReadFromJsonAsync<Problem>())!.Type);

        var list = await admin.GetStringAsync("api/admin/staff");
        Assert.Contains("张伟", list);
        Assert.DoesNotContain("passwordHash", list, StringComparison.OrdinalIgnoreCase);

        var librarian = Track(await LibrarianClient.ConnectAsync(App, "zhang.wei", "correct horse battery"));
        Assert.False(string.IsNullOrEmpty(librarian.StaffId));
    }

    [Fact]
    public async Task Api_writes_without_the_anti_forgery_header_are_refused()
    {
        var librarian = await LibrarianAsync("li");
        var response = await librarian.Http.PostAsJsonAsync("api/staff/canned", new { title = "t", text = "x", shared = false });
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Transcript_search_filters_by_text_queue_and_date()
    {
        var librarian = await LibrarianAsync("li");
        var p1 = await PatronAsync();
        var c1 = await p1.StartChatAsync("知网 off campus access");
        await librarian.AcceptAsync(c1.ConversationId);
        await librarian.Hub.InvokeAsync<AskLibrary.Chat.Contracts.ChatSummary>("EndChat", c1.ConversationId);
        Time.Advance(TimeSpan.FromDays(2));
        var p2 = await PatronAsync();
        await p2.StartChatAsync("Printing prices 100%");
        librarian = Track(await LibrarianClient.ConnectAsync(App, "li")); // the first sign-in's cookie has expired by now

        var byText = await librarian.Http.GetFromJsonAsync<AskLibrary.Chat.Contracts.TranscriptPage>("api/staff/transcripts?q=知网", Json.Options);
        Assert.Equal([c1.ConversationId], byText!.Items.Select(i => i.ConversationId));
        var percent = await librarian.Http.GetFromJsonAsync<AskLibrary.Chat.Contracts.TranscriptPage>("api/staff/transcripts?q=100%25", Json.Options);
        Assert.Single(percent!.Items);
        var byDate = await librarian.Http.GetFromJsonAsync<AskLibrary.Chat.Contracts.TranscriptPage>("api/staff/transcripts?from=2026-11-24&to=2026-11-24", Json.Options);
        Assert.Equal([c1.ConversationId], byDate!.Items.Select(i => i.ConversationId));
        var byQueue = await librarian.Http.GetFromJsonAsync<AskLibrary.Chat.Contracts.TranscriptPage>("api/staff/transcripts?queue=research", Json.Options);
        Assert.Equal(0, byQueue!.Total);
        var bad = await librarian.Http.GetAsync("api/staff/transcripts?from=yesterday");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    private static FormUrlEncodedContent LoginForm(string page, string user, string password) => new(new Dictionary<string, string>
    {
        ["__RequestVerificationToken"] = LibrarianClient.TokenOf(page), ["username"] = user, ["password"] = password, ["returnUrl"] = "/staff/",
    });

    private sealed record Problem(string Type, string Detail);
}
