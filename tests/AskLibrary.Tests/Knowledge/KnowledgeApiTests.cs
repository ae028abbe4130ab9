using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AskLibrary.Knowledge;
using AskLibrary.Knowledge.Articles;
using Microsoft.AspNetCore.SignalR.Client;
using AskLibrary.Tests.Infrastructure;

namespace AskLibrary.Tests.Knowledge;

/// <summary>The knowledge base through its HTTP API, as editors, librarians and patrons use it.</summary>
public sealed class KnowledgeApiTests : ChatTestBase
{
    private static object Article(string id, string title, string body, string status = "published", string audience = "public", string[]? tags = null, int? version = null) =>
        new { id, title, body, summary = "", category = "borrowing", tags = tags ?? [], language = "zh-CN", status, audience, version };

    private async Task<(HttpClient Http, string Token)> StaffAsync(string userName, string role)
    {
        await App.AddStaffAsync(userName, role);
        var (http, _, token) = await LibrarianClient.SignInAsync(App, userName, userName + "-password");
        return (http, token);
    }

    private async Task<List<KbSuggestion>> PatronSuggestAsync(string q)
    {
        using var http = App.CreateHttpClient();
        return (await http.GetFromJsonAsync<List<KbSuggestion>>($"api/kb/suggest?q={Uri.EscapeDataString(q)}", Json.Options))!;
    }

    [Fact]
    public async Task A_published_article_is_suggested_to_the_next_patron_query_and_a_draft_is_not()
    {
        var (editor, token) = await StaffAsync("ed", "editor");
        Assert.Empty(await PatronSuggestAsync("图书怎么续借"));

        var created = await editor.SendAsync(Json.Post("api/editor/articles", Article("renew-books", "如何续借图书", "登录“我的图书馆”，点击续借。每本书可续借两次。", tags: ["续借"]), token));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var draft = await editor.SendAsync(Json.Post("api/editor/articles", Article("renew-draft", "续借新规（草稿）", "续借规则草稿", status: "draft"), token));
        Assert.Equal(HttpStatusCode.Created, draft.StatusCode);
        var staffOnly = await editor.SendAsync(Json.Post("api/editor/articles", Article("renew-internal", "续借异常处理（内部）", "续借失败时馆员的处理流程", audience: "staff"), token));
        Assert.Equal(HttpStatusCode.Created, staffOnly.StatusCode);

        var suggestions = await PatronSuggestAsync("图书怎么续借");
        Assert.Equal("renew-books", suggestions.First().Id);
        Assert.DoesNotContain(suggestions, s => s.Id is "renew-draft" or "renew-internal");
        Assert.Contains("<mark>", suggestions.First().SnippetHtml);

        var librarian = await LibrarianAsync("li");
        var forStaff = await librarian.Http.GetFromJsonAsync<List<KbSuggestion>>("api/staff/kb/suggest?q=续借", Json.Options);
        Assert.Contains(forStaff!, s => s.Id == "renew-internal");

        using var anonymous = App.CreateHttpClient();
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("api/kb/articles/renew-draft")).StatusCode);
        var page = await anonymous.GetStringAsync("kb/renew-books");
        Assert.Contains("每本书可续借两次", page);
    }

    [Fact]
    public async Task Librarians_propose_drafts_and_only_editors_publish_restore_or_change_synonyms()
    {
        var (librarian, lt) = await StaffAsync("li", "librarian");
        var (editor, et) = await StaffAsync("ed", "editor");
        using var anonymous = App.CreateHttpClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("api/editor/articles")).StatusCode);

        Assert.Equal(HttpStatusCode.Forbidden, (await librarian.SendAsync(Json.Post("api/editor/articles", Article("a1", "T", "B"), lt))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await librarian.SendAsync(Json.Post("api/editor/articles", Article("a1", "T", "B", status: "draft"), lt))).StatusCode);
        var publish = new HttpRequestMessage(HttpMethod.Put, "api/editor/articles/a1")
        {
            Content = JsonContent.Create(Article("a1", "T", "B", version: 1), options: Json.Options), Headers = { { "RequestVerificationToken", et } },
        };
        Assert.Equal(HttpStatusCode.OK, (await editor.SendAsync(publish)).StatusCode);
        var edit = new HttpRequestMessage(HttpMethod.Put, "api/editor/articles/a1")
        {
            Content = JsonContent.Create(Article("a1", "T2", "B", status: "draft", version: 2), options: Json.Options), Headers = { { "RequestVerificationToken", lt } },
        };
        Assert.Equal(HttpStatusCode.Forbidden, (await librarian.SendAsync(edit)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await librarian.SendAsync(Json.Post("api/editor/articles/a1/restore/1", new { }, lt))).StatusCode);
        var synonyms = new HttpRequestMessage(HttpMethod.Put, "api/editor/synonyms")
        {
            Content = JsonContent.Create(new { text = "a,b" }), Headers = { { "RequestVerificationToken", lt } },
        };
        Assert.Equal(HttpStatusCode.Forbidden, (await librarian.SendAsync(synonyms)).StatusCode);
    }

    [Fact]
    public async Task History_keeps_every_version_with_a_readable_diff_and_restore_brings_an_old_text_back()
    {
        var (editor, token) = await StaffAsync("ed", "editor");
        await editor.SendAsync(Json.Post("api/editor/articles", Article("fines", "逾期罚款", "每天0.1元。\n上限为书价。"), token));
        var update = new HttpRequestMessage(HttpMethod.Put, "api/editor/articles/fines")
        {
            Content = JsonContent.Create(Article("fines", "逾期费用", "每天0.2元。\n上限为书价。", version: 1), options: Json.Options), Headers = { { "RequestVerificationToken", token } },
        };
        Assert.Equal(HttpStatusCode.OK, (await editor.SendAsync(update)).StatusCode);
        var stale = new HttpRequestMessage(HttpMethod.Put, "api/editor/articles/fines")
        {
            Content = JsonContent.Create(Article("fines", "x", "y", version: 1), options: Json.Options), Headers = { { "RequestVerificationToken", token } },
        };
        Assert.Equal(HttpStatusCode.Conflict, (await editor.SendAsync(stale)).StatusCode);

        var versions = await editor.GetStringAsync("api/editor/articles/fines/versions");
        Assert.Contains("title, body", versions);
        var diff = JsonDocument.Parse(await editor.GetStringAsync("api/editor/articles/fines/diff?from=1&to=2")).RootElement;
        var lines = diff.GetProperty("body").EnumerateArray().Select(l => $"{l.GetProperty("op").GetString()}:{l.GetProperty("text").GetString()}").ToList();
        Assert.Equal(["removed:每天0.1元。", "added:每天0.2元。", "same:上限为书价。"], lines);

        Assert.Equal(HttpStatusCode.OK, (await editor.SendAsync(Json.Post("api/editor/articles/fines/restore/1", new { }, token))).StatusCode);
        var restored = await (await App.CreateHttpClient().GetAsync("api/kb/articles/fines")).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("逾期罚款", restored.GetProperty("title").GetString());
        Assert.Contains("0.1", restored.GetProperty("html").GetString());
    }

    [Fact]
    public async Task Hostile_markdown_and_titles_reach_pages_and_the_api_defused()
    {
        var (editor, token) = await StaffAsync("ed", "editor");
        await editor.SendAsync(Json.Post("api/editor/articles",
            Article("xss", "<img src=x onerror=alert(1)>标题", "<script>alert(1)</script>\n\n[link](javascript:alert(1)) [ok](https://example.edu/x)"), token));
        using var anonymous = App.CreateHttpClient();
        var page = await anonymous.GetStringAsync("kb/xss");
        Assert.DoesNotContain("<script>alert", page);
        Assert.DoesNotContain("<img src=x", page);
        Assert.DoesNotContain("javascript:", page);
        Assert.Contains("rel=\"noopener noreferrer\"", page);
        var index = await anonymous.GetStringAsync("kb");
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;", index);
        var search = await anonymous.GetStringAsync("kb/search?q=%3Cscript%3Ealert(1)%3C/script%3E");
        Assert.DoesNotContain("<script>alert(1)", search);
    }

    [Fact]
    public async Task Export_writes_the_kb_format_that_imports_back_to_the_same_articles()
    {
        var (editor, token) = await StaffAsync("ed", "editor");
        await editor.SendAsync(Json.Post("api/editor/articles", Article("wifi", "无线网络", "连接 *Campus-WiFi*。", tags: ["wifi", "上网"]), token));
        await editor.SendAsync(Json.Post("api/editor/articles", new { id = "vpn", title = "Off-campus access", body = "Use the VPN.", language = "en", status = "published", related = new[] { "wifi" }, reviewed = "2026-10-01" }, token));
        var zip = await editor.GetByteArrayAsync("api/editor/export");

        var folder = Path.Combine(App.DataDirectory, "export-check");
        ZipFile.ExtractToDirectory(new MemoryStream(zip), folder);
        var reimported = Directory.GetFiles(Path.Combine(folder, "articles")).Select(f => KbArticleFormat.Parse(File.ReadAllText(f), Path.GetFileNameWithoutExtension(f))).OrderBy(a => a.Id).ToList();
        Assert.Equal(["vpn", "wifi"], reimported.Select(a => a.Id));
        var vpn = reimported[0];
        Assert.Equal(("Off-campus access", "Use the VPN.", "en", KbStatus.Published, "2026-10-01"), (vpn.Title, vpn.Body, vpn.Language, vpn.Status, vpn.Reviewed));
        Assert.Equal(["wifi"], vpn.Related);
        Assert.Equal(["wifi", "上网"], reimported[1].Tags);
        Assert.Equal("连接 *Campus-WiFi*。", reimported[1].Body);
    }

    [Fact]
    public async Task Poorly_answered_questions_are_grouped_as_gaps_and_a_chat_becomes_a_draft_without_personal_data()
    {
        var librarian = await LibrarianAsync("li");
        var p1 = await PatronAsync();
        var c1 = await p1.StartChatAsync("我想预约校史馆参观，怎么预约？", patron: new AskLibrary.Chat.Contracts.PatronDetails("王小明", "xm@example.edu.cn", null));
        await librarian.AcceptAsync(c1.ConversationId);
        await p1.SendAsync(c1.ConversationId, "我的电话是 138 0013 8000，证号 2026001234");
        await librarian.SendAsync(c1.ConversationId, "王小明您好，校史馆参观请提前三天在官网预约。");
        await p1.Hub.InvokeAsync<AskLibrary.Chat.Contracts.ChatState>("EndChat", c1.ConversationId);
        var p2 = await PatronAsync();
        await p2.StartChatAsync("校史馆参观需要预约吗");

        var gaps = JsonDocument.Parse(await librarian.Http.GetStringAsync("api/editor/gaps")).RootElement.EnumerateArray().ToList();
        Assert.Contains(gaps, g => g.GetProperty("count").GetInt32() == 2);

        var draft = JsonDocument.Parse(await librarian.Http.GetStringAsync($"api/editor/drafts/from-chat/{c1.ConversationId}")).RootElement;
        var body = draft.GetProperty("body").GetString()!;
        Assert.Contains("提前三天", body);
        Assert.DoesNotContain("王小明", body);
        Assert.DoesNotContain("138 0013 8000", body);
        Assert.DoesNotContain("2026001234", body);
        Assert.Equal("draft", draft.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Helpful_feedback_lifts_an_article_above_an_equally_relevant_one()
    {
        var (editor, token) = await StaffAsync("ed", "editor");
        await editor.SendAsync(Json.Post("api/editor/articles", Article("print-a", "打印服务", "自助打印机在二楼。"), token));
        await editor.SendAsync(Json.Post("api/editor/articles", Article("print-b", "打印服务", "自助打印机在二楼。"), token));
        var before = await PatronSuggestAsync("打印");
        var loser = before[1].Id;
        using var http = App.CreateHttpClient();
        for (var i = 0; i < 5; i++)
            Assert.Equal(HttpStatusCode.NoContent, (await http.PostAsJsonAsync("api/kb/feedback", new { articleId = loser, kind = "helpful", query = "打印" })).StatusCode);
        var after = await PatronSuggestAsync("打印");
        Assert.Equal(loser, after[0].Id);
        Assert.Equal(HttpStatusCode.BadRequest, (await http.PostAsJsonAsync("api/kb/feedback", new { articleId = loser, kind = "inserted" })).StatusCode);
    }
}
