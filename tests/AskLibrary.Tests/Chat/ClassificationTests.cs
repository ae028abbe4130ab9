using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AskLibrary.Chat.Classification;
using AskLibrary.Chat.Contracts;
using AskLibrary.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;

namespace AskLibrary.Tests.Chat;

/// <summary>Topic tags and the READ scale: who may set them, what is accepted, and the tags the knowledge base suggests.</summary>
public sealed class ClassificationTests : ChatTestBase
{
    [Fact]
    public async Task The_librarian_tags_and_rates_a_chat_during_it_and_after_it_ended_and_the_tags_survive_the_end()
    {
        await AddArticlesAsync();
        var li = await LibrarianAsync("li");
        var patron = await PatronAsync();
        var chat = await patron.StartChatAsync("怎么续借图书？");
        await li.AcceptAsync(chat.ConversationId);
        await patron.SendAsync(chat.ConversationId, "在校外怎么访问知网数据库？");
        await patron.SendAsync(chat.ConversationId, "续借以后还书期限是多久？");

        var suggested = await GetAsync(li.Http, chat.ConversationId);
        Assert.Equal(["borrowing", "e-resources"], Strings(suggested, "suggestedTags"));
        Assert.True(suggested.GetProperty("editable").GetBoolean());
        Assert.True(suggested.GetProperty("answered").GetBoolean());
        Assert.Empty(Strings(suggested, "tags"));

        var set = await PutAsync(li.Http, li.AntiforgeryToken, chat.ConversationId, new { tags = new[] { " Borrowing ", "ＣＮＫＩ  校外", "borrowing" }, readScale = 3 });
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        var body = await set.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["borrowing", "cnki-校外"], Strings(body, "tags"));
        Assert.Equal(3, body.GetProperty("readScale").GetInt32());
        Assert.Equal(["e-resources"], Strings(body, "suggestedTags"));

        // Ending the chat stores the document again: the tags set while it was open must still be there.
        await li.Hub.InvokeAsync<ChatSummary>("EndChat", chat.ConversationId);
        Assert.Equal(["borrowing", "cnki-校外"], Strings(await GetAsync(li.Http, chat.ConversationId), "tags"));

        // After the end, from the history view: still the librarian's to change.
        var later = await PutAsync(li.Http, li.AntiforgeryToken, chat.ConversationId, new { tags = new[] { "borrowing", "e-resources" }, readScale = 4 });
        Assert.Equal(HttpStatusCode.OK, later.StatusCode);
        var other = await LibrarianAsync("other");
        var seen = await GetAsync(other.Http, chat.ConversationId);
        Assert.Equal(["borrowing", "e-resources"], Strings(seen, "tags"));
        Assert.Equal(4, seen.GetProperty("readScale").GetInt32());
        Assert.False(seen.GetProperty("editable").GetBoolean());

        // An admin may change any chat's; null clears the READ scale.
        var (admin, _, adminToken) = await LibrarianClient.SignInAsync(App, "admin", TestApp.AdminPassword);
        var cleared = await (await PutAsync(admin, adminToken, chat.ConversationId, new { tags = Array.Empty<string>(), readScale = (int?)null }))
            .Content.ReadFromJsonAsync<JsonElement>();
        Assert.Empty(Strings(cleared, "tags"));
        Assert.Equal(JsonValueKind.Null, cleared.GetProperty("readScale").ValueKind);
    }

    [Fact]
    public async Task Bad_values_and_other_peoples_chats_are_refused_with_documented_codes()
    {
        var li = await LibrarianAsync("li");
        var other = await LibrarianAsync("other");
        var patron = await PatronAsync();
        var chat = await patron.StartChatAsync("Where is the thesis room?");
        await li.AcceptAsync(chat.ConversationId);
        var id = chat.ConversationId;

        async Task<(HttpStatusCode, string?)> Put(LibrarianClient who, object body, string? conversationId = null)
        {
            using var response = await PutAsync(who.Http, who.AntiforgeryToken, conversationId ?? id, body);
            var problem = response.IsSuccessStatusCode ? default : await response.Content.ReadFromJsonAsync<JsonElement>();
            return (response.StatusCode, response.IsSuccessStatusCode ? null : problem.GetProperty("type").GetString());
        }

        Assert.Equal((HttpStatusCode.BadRequest, "invalid_argument"), await Put(li, new { tags = Array.Empty<string>(), readScale = 0 }));
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_argument"), await Put(li, new { tags = Array.Empty<string>(), readScale = 7 }));
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_argument"), await Put(li, new { tags = new[] { "<b>x</b>" } }));
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_argument"), await Put(li, new { tags = new[] { "a\"onmouseover=alert(1)" } }));
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_argument"), await Put(li, new { tags = new[] { new string('x', 33) } }));
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_argument"), await Put(li, new { tags = new[] { "  " } }));
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_argument"), await Put(li, new { readScale = 2 }));
        Assert.Equal((HttpStatusCode.BadRequest, "too_large"), await Put(li, new { tags = Enumerable.Range(1, 11).Select(i => $"t{i}").ToArray() }));
        Assert.Equal((HttpStatusCode.Conflict, "not_assigned"), await Put(other, new { tags = new[] { "thesis" }, readScale = 1 }));
        Assert.Equal((HttpStatusCode.NotFound, "not_found"), await Put(li, new { tags = new[] { "thesis" } }, "c_doesnotexist"));
        Assert.Equal(HttpStatusCode.NotFound, (await li.Http.GetAsync("api/staff/conversations/c_doesnotexist/classification")).StatusCode);
        Assert.Equal((HttpStatusCode.OK, null), await Put(li, new { tags = Enumerable.Range(1, 10).Select(i => $"t{i}").ToArray(), readScale = 1 }));

        // A chat nobody answered can be tagged (by an admin: it has no librarian) but has no effort to rate.
        var waiting = await (await PatronAsync()).StartChatAsync("hello?");
        var (admin, _, adminToken) = await LibrarianClient.SignInAsync(App, "admin", TestApp.AdminPassword);
        using var rated = await PutAsync(admin, adminToken, waiting.ConversationId, new { tags = new[] { "greeting" }, readScale = 2 });
        Assert.Equal(HttpStatusCode.Conflict, rated.StatusCode);
        Assert.Equal("invalid_state", (await rated.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString());
        using var tagged = await PutAsync(admin, adminToken, waiting.ConversationId, new { tags = new[] { "greeting" } });
        Assert.Equal(HttpStatusCode.OK, tagged.StatusCode);
        Assert.Equal((HttpStatusCode.Conflict, "not_assigned"), await Put(li, new { tags = new[] { "x" } }, waiting.ConversationId));

        // Without the anti-forgery header, or as an editor: refused before anything is read.
        using var forged = await li.Http.PutAsJsonAsync($"api/staff/conversations/{id}/classification", new { tags = new[] { "x" } });
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        await App.AddStaffAsync("ed", "editor");
        var (editor, _, editorToken) = await LibrarianClient.SignInAsync(App, "ed", "ed-password");
        Assert.Equal(HttpStatusCode.Forbidden, (await PutAsync(editor, editorToken, id, new { tags = new[] { "x" } })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await editor.GetAsync($"api/staff/conversations/{id}/classification")).StatusCode);
    }

    [Theory]
    [InlineData("Borrowing", "borrowing")]
    [InlineData("  e-Resources ", "e-resources")]
    [InlineData("ｏｐｅｎｉｎｇ　ｈｏｕｒｓ", "opening-hours")]
    [InlineData("图书 馆藏", "图书-馆藏")]
    [InlineData("thesis_help", "thesis_help")]
    [InlineData("-Borrowing_", "borrowing")]
    [InlineData("<script>", null)]
    [InlineData("a&b", null)]
    [InlineData("--", null)]
    [InlineData("", null)]
    [InlineData("123456789012345678901234567890123", null)]
    public void Tags_are_normalized_or_refused(string raw, string? expected) => Assert.Equal(expected, TopicTags.Normalize(raw));

    [Fact]
    public void The_read_scale_has_six_documented_levels()
    {
        Assert.Equal(6, ReadScale.Definitions.Count);
        Assert.Null(ReadScale.Validate(null));
        Assert.Equal(6, ReadScale.Validate(6));
        Assert.Throws<ChatException>(() => ReadScale.Validate(-1));
    }

    private async Task AddArticlesAsync()
    {
        await App.AddStaffAsync("ed", "editor");
        var (editor, _, token) = await LibrarianClient.SignInAsync(App, "ed", "ed-password");
        foreach (var (id, title, body, category) in new[]
        {
            ("renew-books", "如何续借图书", "登录“我的图书馆”，点击续借。续借后还书期限延长30天。", "Borrowing"),
            ("cnki-offsite", "校外访问知网数据库", "在校外通过VPN访问知网（CNKI）数据库。", "E-Resources"),
        })
        {
            using var response = await editor.SendAsync(Json.Post("api/editor/articles", new
            {
                id,
                title,
                body,
                summary = "",
                category,
                tags = Array.Empty<string>(),
                language = "zh-CN",
                status = "published",
                audience = "public",
            }, token));
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        }
    }

    private static async Task<JsonElement> GetAsync(HttpClient http, string conversationId)
    {
        using var response = await http.GetAsync($"api/staff/conversations/{conversationId}/classification");
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static Task<HttpResponseMessage> PutAsync(HttpClient http, string token, string conversationId, object body) =>
        http.SendAsync(new HttpRequestMessage(HttpMethod.Put, $"api/staff/conversations/{conversationId}/classification")
        {
            Content = JsonContent.Create(body),
            Headers = { { "RequestVerificationToken", token } },
        });

    private static List<string> Strings(JsonElement element, string property) =>
        element.GetProperty(property).EnumerateArray().Select(e => e.GetString()!).ToList();
}
