using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AskLibrary.Chat.Contracts;
using AskLibrary.Patrons;
using AskLibrary.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace AskLibrary.Tests.Patrons;

/// <summary>Visitors become identified patrons by card number or email; staff merge duplicates and can undo it.</summary>
public sealed class PatronIdentityTests : ChatTestBase
{
    private HttpClient _admin = null!;
    private string _token = null!;

    /// <summary>An admin for the REST calls, and a librarian on duty so that patrons can start chats.</summary>
    private async Task SignInAdminAsync()
    {
        await LibrarianAsync("li");
        (_admin, _, _token) = await LibrarianClient.SignInAsync(App, "admin", TestApp.AdminPassword);
    }

    /// <summary>A new visitor (device) asks one question with these details and ends the chat; returns the visitor id.</summary>
    private async Task<string> ChatAsync(PatronDetails details, string question)
    {
        var patron = await PatronAsync();
        var chat = await patron.StartChatAsync(question, patron: details);
        await patron.Hub.InvokeAsync<ChatState>("EndChat", chat.ConversationId);
        Time.Advance(TimeSpan.FromMinutes(5));
        return patron.Visitor.VisitorId;
    }

    private Task<JsonElement> ProfileAsync(string visitorId) => _admin.GetFromJsonAsync<JsonElement>($"api/staff/patrons/{visitorId}");

    private static IEnumerable<string?> Questions(JsonElement profile) =>
        profile.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("question").GetString());

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body = null) =>
        await _admin.SendAsync(new HttpRequestMessage(method, path)
        {
            Content = body is null ? null : JsonContent.Create(body),
            Headers = { { "RequestVerificationToken", _token } },
        });

    [Fact]
    public async Task A_visitor_giving_a_card_number_or_the_records_email_is_the_imported_patron_on_every_device()
    {
        await SignInAdminAsync();
        await _admin.SendAsync(PatronUpload.Csv("card_number,name,email,department\n2020123456,Zhang Wei,zw@example.edu.cn,Physics\n", _token));

        var phone = await ChatAsync(new PatronDetails(null, null, " 2020-123-456 "), "Where is the thesis room?");
        var laptop = await ChatAsync(new PatronDetails("Wei", "ZW@Example.edu.cn", null), "How do I renew?");
        var stranger = await ChatAsync(new PatronDetails(null, "someone@example.edu.cn", null), "Opening hours?");

        var profile = await ProfileAsync(phone);
        Assert.Equal("Zhang Wei", profile.GetProperty("details").GetProperty("name").GetString()); // the library's record wins
        Assert.Equal("card:2020123456", profile.GetProperty("identity").GetProperty("profileKey").GetString());
        Assert.Equal("Physics", profile.GetProperty("identity").GetProperty("record").GetProperty("department").GetString());
        Assert.Equal(new[] { phone, laptop }.Order(), profile.GetProperty("identity").GetProperty("visitorIds").EnumerateArray().Select(v => v.GetString()).Order());
        Assert.Equal(["How do I renew?", "Where is the thesis room?"], Questions(profile));
        Assert.Equal(Questions(profile), Questions(await ProfileAsync(laptop)));
        Assert.Equal(["Opening hours?"], Questions(await ProfileAsync(stranger)));
    }

    [Fact]
    public async Task An_admin_merges_a_suggested_duplicate_and_history_segment_and_export_cover_both_until_the_merge_is_undone()
    {
        await SignInAdminAsync();
        // The same person: once with a card and their email, once (another device) with the email only — two profiles.
        var withCard = await ChatAsync(new PatronDetails("Li Na", "li.na@example.edu.cn", "2020999999"), "Can I borrow a laptop?");
        var emailOnly = await ChatAsync(new PatronDetails(null, "Li.Na@example.edu.cn", null), "Is the reading room open?");
        Assert.Equal("occasional", (await ProfileAsync(emailOnly)).GetProperty("segment").GetString());

        var suggestions = await _admin.GetFromJsonAsync<JsonElement>("api/admin/patrons/duplicates");
        var suggestion = suggestions.EnumerateArray().Single();
        Assert.Equal(("email", "li.na@example.edu.cn"), (suggestion.GetProperty("reason").GetString(), suggestion.GetProperty("value").GetString()));
        Assert.Equal(["card:2020999999", "email:li.na@example.edu.cn"],
            suggestion.GetProperty("profiles").EnumerateArray().Select(p => p.GetProperty("profileKey").GetString()).Order());

        Assert.Equal(HttpStatusCode.NoContent, (await SendAsync(HttpMethod.Put, $"api/staff/patrons/{withCard}/key-patron", new { keyPatron = true })).StatusCode);
        Assert.False((await ProfileAsync(emailOnly)).GetProperty("keyPatron").GetBoolean());

        var merged = await SendAsync(HttpMethod.Post, "api/admin/patrons/merges", new { targetKey = "card:2020999999", sourceKey = "email:li.na@example.edu.cn" });
        Assert.Equal(HttpStatusCode.Created, merged.StatusCode);
        var mergeId = (await merged.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();

        // Either visitor id now opens one patron: both chats in the history, the segment computed over both.
        var profile = await ProfileAsync(emailOnly);
        Assert.Equal(["Is the reading room open?", "Can I borrow a laptop?"], Questions(profile));
        Assert.Equal(2, profile.GetProperty("scores").GetProperty("frequency").GetInt32());
        Assert.Equal("growing", profile.GetProperty("segment").GetString());
        Assert.True(profile.GetProperty("keyPatron").GetBoolean()); // flagged on the other device
        Assert.Equal(mergeId, profile.GetProperty("identity").GetProperty("merges").EnumerateArray().Single().GetProperty("id").GetString());
        Assert.Equal(Questions(profile), Questions(await ProfileAsync(withCard)));
        var export = await _admin.GetFromJsonAsync<JsonElement>($"api/admin/patrons/{withCard}/export");
        Assert.Equal(2, export.GetProperty("conversations").GetArrayLength());
        Assert.Equal(new[] { emailOnly, withCard }.Order(), export.GetProperty("visitors").EnumerateArray().Select(v => v.GetProperty("id").GetString()).Order());
        Assert.Empty((await _admin.GetFromJsonAsync<JsonElement>("api/admin/patrons/duplicates")).EnumerateArray());
        // Merging again is refused: they are one patron.
        Assert.Equal(HttpStatusCode.Conflict,
            (await SendAsync(HttpMethod.Post, "api/admin/patrons/merges", new { targetKey = withCard, sourceKey = emailOnly })).StatusCode);

        // Undo: each profile is what it was, and the suggestion is back.
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Delete, $"api/admin/patrons/merges/{mergeId}")).StatusCode);
        Assert.Equal(["Is the reading room open?"], Questions(await ProfileAsync(emailOnly)));
        Assert.Equal(["Can I borrow a laptop?"], Questions(await ProfileAsync(withCard)));
        Assert.Single((await _admin.GetFromJsonAsync<JsonElement>("api/admin/patrons/duplicates")).EnumerateArray());
        Assert.Equal(HttpStatusCode.Conflict, (await SendAsync(HttpMethod.Delete, $"api/admin/patrons/merges/{mergeId}")).StatusCode);

        var audit = await _admin.GetFromJsonAsync<JsonElement>($"api/admin/audit?subjectId={mergeId}");
        Assert.Equal(["patron.unmerged", "patron.merged"], audit.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("action").GetString()));
    }

    [Fact]
    public async Task Merging_unknown_or_malformed_profiles_is_refused()
    {
        await SignInAdminAsync();
        var known = await ChatAsync(new PatronDetails(null, null, "2020000001"), "Hello?");
        Assert.Equal(HttpStatusCode.NotFound,
            (await SendAsync(HttpMethod.Post, "api/admin/patrons/merges", new { targetKey = known, sourceKey = "card:9999" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest,
            (await SendAsync(HttpMethod.Post, "api/admin/patrons/merges", new { targetKey = known, sourceKey = "email:<b>x</b>" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest,
            (await SendAsync(HttpMethod.Post, "api/admin/patrons/merges", new { targetKey = known })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Delete, "api/admin/patrons/merges/pm_nope")).StatusCode);
    }

    [Fact]
    public async Task Erasing_a_patron_by_card_number_removes_the_imported_record_and_every_devices_details()
    {
        await SignInAdminAsync();
        await _admin.SendAsync(PatronUpload.Csv("card_number,name,email\n2020123456,Zhang Wei,zw@example.edu.cn\n2020000002,Other,o@example.edu.cn\n", _token));
        var phone = await ChatAsync(new PatronDetails("Zhang Wei", null, "2020123456"), "My card number is 2020123456");
        var laptop = await ChatAsync(new PatronDetails(null, "zw@example.edu.cn", null), "Renew please");

        var erased = await SendAsync(HttpMethod.Delete, "api/admin/patrons/records/2020-123-456");
        Assert.Equal(HttpStatusCode.OK, erased.StatusCode);
        Assert.Equal(2, (await erased.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("anonymisedChats").GetInt32());

        var directory = App.Services.GetRequiredService<IPatronDirectory>();
        Assert.Null(await directory.FindRecordAsync("2020123456", CancellationToken.None));
        Assert.NotNull(await directory.FindRecordAsync("2020000002", CancellationToken.None));
        var visitors = App.Services.GetRequiredService<IVisitorStore>();
        foreach (var id in new[] { phone, laptop })
            Assert.Equal(PatronDetails.Empty, (await visitors.FindAsync(id, CancellationToken.None))!.Details);
        var export = await _admin.GetFromJsonAsync<JsonElement>($"api/admin/patrons/{phone}/export");
        Assert.DoesNotContain("2020123456", export.GetRawText());
    }
}
