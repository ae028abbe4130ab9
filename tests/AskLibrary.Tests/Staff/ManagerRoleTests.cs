using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AskLibrary.Chat.Contracts;
using AskLibrary.Tests.Infrastructure;
using AskLibrary.Tickets;
using Microsoft.Extensions.DependencyInjection;

namespace AskLibrary.Tests.Staff;

/// <summary>
/// The manager role: service reports, the audit log, read-only transcripts, patron profiles and tickets —
/// every view of patron data audited — but no chatting, no staff administration, no changes.
/// </summary>
public sealed class ManagerRoleTests : ChatTestBase
{
    protected override Dictionary<string, string?>? Settings => new()
    {
        ["AskLibrary:Queues:0:IpAddresses"] = "Full",
    };

    private async Task<(HttpClient Http, string Token)> ManagerAsync(string userName = "boss")
    {
        await App.AddStaffAsync(userName, "manager", displayName: "Manager " + userName);
        var (http, _, token) = await LibrarianClient.SignInAsync(App, userName, userName + "-password");
        return (http, token);
    }

    [Fact]
    public async Task A_manager_signs_in_to_the_reports_and_the_console_sends_them_back_there()
    {
        await App.AddStaffAsync("boss", "manager");
        using var http = App.CreateHttpClient();
        var page = await http.GetStringAsync("staff/login");
        var signIn = await http.PostAsync("staff/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = LibrarianClient.TokenOf(page),
            ["username"] = "boss",
            ["password"] = "boss-password",
            ["returnUrl"] = "/staff/",
        }));
        Assert.Equal("/staff/reports", signIn.Headers.Location?.OriginalString);

        var console = await http.GetAsync("staff/");
        Assert.Equal(HttpStatusCode.Redirect, console.StatusCode);
        Assert.Equal("/staff/reports", console.Headers.Location?.OriginalString);
        var reports = await http.GetStringAsync("staff/reports");
        Assert.Contains("data-role=\"manager\"", reports);
    }

    [Fact]
    public async Task A_manager_reads_reports_csv_and_the_audit_log_but_administers_nothing_and_cannot_chat()
    {
        var (http, token) = await ManagerAsync();

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("api/reports/volume")).StatusCode);
        var csv = await http.GetAsync("api/reports/volume.csv");
        Assert.Equal(("text/csv", HttpStatusCode.OK), (csv.Content.Headers.ContentType?.MediaType, csv.StatusCode));
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("api/admin/audit")).StatusCode);

        Assert.Equal(HttpStatusCode.Forbidden, (await http.GetAsync("api/admin/staff")).StatusCode);
        var create = await http.SendAsync(Json.Post("api/admin/staff", new { userName = "sneaky", displayName = "Sneaky", role = "admin", password = "0123456789ab" }, token));
        Assert.Equal(HttpStatusCode.Forbidden, create.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await http.GetAsync("api/admin/blocks")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await http.GetAsync("api/staff/me")).StatusCode);
        var canned = await http.SendAsync(Json.Post("api/staff/canned", new CannedResponseInput("Hi", "Hello", false), token));
        Assert.Equal(HttpStatusCode.Forbidden, canned.StatusCode);
    }

    [Fact]
    public async Task An_admin_creates_a_manager_account_and_an_unknown_role_is_refused()
    {
        var (admin, _, token) = await LibrarianClient.SignInAsync(App, "admin", TestApp.AdminPassword);

        var created = await admin.SendAsync(Json.Post("api/admin/staff", new { userName = "head", displayName = "Head of service", role = "manager", password = "0123456789ab" }, token));
        var refused = await admin.SendAsync(Json.Post("api/admin/staff", new { userName = "chief", displayName = "Chief", role = "boss", password = "0123456789ab" }, token));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("manager", (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("role").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("manager", await refused.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_manager_reads_any_transcript_and_patron_with_the_address_a_librarian_does_not_see_and_every_view_is_audited()
    {
        var librarian = await LibrarianAsync("li");
        var patron = await PatronAsync();
        var chat = await patron.StartChatAsync("Where are the maps?", patron: new PatronDetails("Li Lei", "ll@example.edu.cn", null));
        await librarian.Queues.WaitAsync(q => q.Waiting.Any(w => w.ConversationId == chat.ConversationId));
        await librarian.AcceptAsync(chat.ConversationId);
        await librarian.SendAsync(chat.ConversationId, "Second floor.");
        var (manager, token) = await ManagerAsync();

        var seen = await manager.GetFromJsonAsync<JsonElement>($"api/staff/transcripts/{chat.ConversationId}");
        var librarianSees = await librarian.Http.GetFromJsonAsync<JsonElement>($"api/staff/transcripts/{chat.ConversationId}");
        var profile = await manager.GetAsync($"api/staff/patrons/{patron.Visitor.VisitorId}");
        var keyPatron = await manager.SendAsync(new HttpRequestMessage(HttpMethod.Put, $"api/staff/patrons/{patron.Visitor.VisitorId}/key-patron")
        {
            Content = JsonContent.Create(new { keyPatron = true }),
            Headers = { { "RequestVerificationToken", token } },
        });

        Assert.Equal("127.0.0.1", seen.GetProperty("patronAddress").GetString());
        Assert.Contains(seen.GetProperty("messages").EnumerateArray(), m => m.GetProperty("text").GetString() == "Second floor.");
        Assert.Equal(JsonValueKind.Null, librarianSees.GetProperty("patronAddress").ValueKind);
        Assert.Equal(HttpStatusCode.OK, profile.StatusCode); // not their chat, and still visible: managers oversee every patron
        Assert.Equal("Li Lei", (await profile.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("details").GetProperty("name").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, keyPatron.StatusCode); // read-only
        var audit = await manager.GetFromJsonAsync<JsonElement>("api/admin/audit?staffId=" + (await StaffIdAsync("boss")));
        var entries = audit.GetProperty("items").EnumerateArray()
            .Select(e => (Action: e.GetProperty("action").GetString(), Role: e.GetProperty("role").GetString(), Detail: e.TryGetProperty("detail", out var d) ? d.GetString() : null)).ToList();
        Assert.Contains(("transcript.viewed", "manager", "with patron address"), entries);
        Assert.Contains(entries, e => e is { Action: "patron.viewed", Role: "manager" });
        Assert.DoesNotContain(entries, e => e.Action == "patron.key_patron_set");
    }

    [Fact]
    public async Task A_manager_sees_overdue_tickets_in_every_queue_but_cannot_claim_or_answer_them()
    {
        var librarian = await LibrarianAsync("li", queues: ["law"]);
        var created = await librarian.Http.SendAsync(Json.Post("api/staff/tickets/",
            new NewTicketInput("law", "Can I borrow the 1998 court reports?", "reader@example.org", "Reader", "en", false), librarian.AntiforgeryToken));
        var ticket = (await created.Content.ReadFromJsonAsync<TicketView>(Json.Options))!;
        Time.AdjustTime(Time.GetUtcNow().AddDays(10));
        Time.Advance(TimeSpan.FromSeconds(1));
        var (manager, token) = await ManagerAsync();

        var overdue = await manager.GetFromJsonAsync<List<TicketView>>("api/staff/tickets/?overdue=true", Json.Options);
        var one = await manager.GetAsync($"api/staff/tickets/{ticket.Id}");
        var claim = await manager.SendAsync(Json.Post($"api/staff/tickets/{ticket.Id}/claim", new { }, token));
        var answer = await manager.SendAsync(Json.Post($"api/staff/tickets/{ticket.Id}/answer", new TicketAnswerInput("Yes.", null), token));

        Assert.True(Assert.Single(overdue!, t => t.Id == ticket.Id).Overdue);
        Assert.Equal(HttpStatusCode.OK, one.StatusCode);
        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden), (claim.StatusCode, answer.StatusCode));
        var audit = await manager.GetFromJsonAsync<JsonElement>($"api/admin/audit?subjectId={ticket.Id}");
        Assert.Contains(audit.GetProperty("items").EnumerateArray(), e => e.GetProperty("action").GetString() == "ticket.viewed" && e.GetProperty("role").GetString() == "manager");
    }

    private async Task<string> StaffIdAsync(string userName) =>
        (await App.Services.GetRequiredService<AskLibrary.Staff.IStaffStore>().FindByUserNameAsync(userName, CancellationToken.None))!.Id;
}
