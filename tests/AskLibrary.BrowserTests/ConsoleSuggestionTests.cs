using System.Text.Json;
using AskLibrary.Tests.Infrastructure;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AskLibrary.BrowserTests;

/// <summary>
/// The console's "suggested answers" panel against the starter knowledge base: a patron asks on the demo
/// page, the librarian sees matching articles beside the chat, inserts one into the reply box, edits
/// nothing, sends it, and the patron receives title and link; the server counts what was shown, opened and inserted.
/// </summary>
public sealed class ConsoleSuggestionTests(Browser browser) : BrowserTestBase(browser)
{
    protected override Dictionary<string, string?> Settings => new()
    {
        ["AskLibrary:Knowledge:ImportDirectory"] = Path.Combine(RepoPaths.Root, "kb", "articles"),
    };

    [Fact]
    public async Task Suggested_renewal_article_is_inserted_into_the_reply_sent_to_the_patron_and_counted()
    {
        var librarian = await LibrarianConsoleAsync("wang");
        var patron = await AskAsync("请问图书怎么续借？");
        await AcceptAsync(librarian, "请问图书怎么续借？");

        var renewal = librarian.Locator("[data-testid=kb-suggestion][data-article-id=renewal]");
        await Expect(renewal.GetByTestId("kb-open")).ToHaveTextAsync("图书续借（续期）办法");
        await Expect(renewal.GetByTestId("kb-category")).ToHaveTextAsync("借阅服务");
        await Expect(renewal.GetByTestId("kb-snippet").Locator("mark").First).ToContainTextAsync("续借");
        Assert.True(await librarian.GetByTestId("kb-suggestion").CountAsync() <= 5);
        AssertNoSeriousViolations(await librarian.RunAxe(), "console with suggestions");

        // Reading the article stays inside the console.
        await renewal.GetByTestId("kb-open").ClickAsync();
        await Expect(librarian.GetByTestId("kb-article")).ToContainTextAsync("自助借还机");
        AssertNoSeriousViolations(await librarian.RunAxe(), "console with an open article");
        await librarian.GetByTestId("kb-article-back").ClickAsync();
        await Expect(renewal.GetByTestId("kb-open")).ToBeFocusedAsync();

        await renewal.GetByTestId("kb-insert").ClickAsync();
        var reply = librarian.GetByTestId("reply-input");
        var link = Url("kb/renewal");
        await Expect(reply).ToBeFocusedAsync();
        await Expect(reply).ToHaveValueAsync(new System.Text.RegularExpressions.Regex($"^图书续借（续期）办法\n.+\n详情：{System.Text.RegularExpressions.Regex.Escape(link)}$"));
        // Inserting is not sending: the librarian may still edit.
        await Expect(librarian.Locator("[data-testid=message][data-kind=librarian]")).ToHaveCountAsync(0);

        await librarian.GetByTestId("send-button").ClickAsync();
        var received = patron.Locator("[data-testid=message][data-kind=librarian]");
        await Expect(received).ToContainTextAsync("图书续借（续期）办法");
        await Expect(received).ToContainTextAsync(link);

        var stats = await WaitForStatsAsync(librarian, "renewal", s => s.GetProperty("inserted").GetInt32() >= 1);
        Assert.Equal(1, stats.GetProperty("inserted").GetInt32());
        Assert.Equal(1, stats.GetProperty("opened").GetInt32());
        // Once by the console (once per article per chat); the widget may have counted one more if its suggestions
        // appeared while the patron was still typing the question (that depends on how fast the browser types).
        Assert.InRange(stats.GetProperty("shown").GetInt32(), 1, 2);
    }

    [Fact]
    public async Task A_new_patron_message_and_a_manual_search_both_refresh_the_suggestions()
    {
        var librarian = await LibrarianConsoleAsync("li");
        var patron = await AskAsync("请问图书怎么续借？");
        await AcceptAsync(librarian, "请问图书怎么续借？");
        await Expect(librarian.Locator("[data-testid=kb-suggestion][data-article-id=renewal]")).ToBeVisibleAsync();

        await patron.GetByTestId("message-input").FillAsync("在校外怎么访问知网？");
        await patron.GetByTestId("send-button").ClickAsync();
        await Expect(librarian.GetByTestId("kb-suggestion").First).ToHaveAttributeAsync("data-article-id", new System.Text.RegularExpressions.Regex("off-campus|cnki|carsi"));
        await Expect(librarian.GetByTestId("kb-status")).ToContainTextAsync("在校外怎么访问知网");

        // Keyboard only: type in the search box, Enter searches.
        await librarian.GetByLabel("搜索知识库").FillAsync("研讨室预约");
        await librarian.GetByTestId("kb-search-input").PressAsync("Enter");
        await Expect(librarian.GetByTestId("kb-status")).ToContainTextAsync("研讨室预约");
        await Expect(librarian.Locator("[data-testid=kb-suggestion][data-article-id=group-study-rooms]")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Markup_in_an_article_title_and_snippet_is_shown_as_text()
    {
        await App.AddStaffAsync("ed", "editor");
        var (editor, _, token) = await LibrarianClient.SignInAsync(App, "ed", "ed-password");
        var create = new HttpRequestMessage(HttpMethod.Post, "api/editor/articles")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new
            {
                id = "hostile",
                title = "<img src=x onerror=alert(1)> 续借提醒",
                body = "续借 <b>粗体</b> & <script>alert(2)</script> 提醒",
                status = "published",
            }),
            Headers = { { "RequestVerificationToken", token } },
        };
        Assert.True((await editor.SendAsync(create)).IsSuccessStatusCode);

        var librarian = await LibrarianConsoleAsync("li");
        await AskAsync("续借提醒");
        await AcceptAsync(librarian, "续借提醒");

        var item = librarian.Locator("[data-testid=kb-suggestion][data-article-id=hostile]");
        await Expect(item.GetByTestId("kb-open")).ToHaveTextAsync("<img src=x onerror=alert(1)> 续借提醒");
        await Expect(item.GetByTestId("kb-snippet")).ToContainTextAsync("<b>粗体</b> &");
        Assert.Equal(0, await item.Locator("img, b, script").CountAsync());
        Assert.True(await item.GetByTestId("kb-snippet").Locator("mark").CountAsync() > 0);
    }

    private async Task<IPage> AskAsync(string question)
    {
        var patron = await NewPageAsync();
        await patron.GotoAsync(Url(""));
        await patron.GetByTestId("launcher").ClickAsync();
        await patron.GetByTestId("question-input").FillAsync(question);
        await patron.GetByTestId("start-button").ClickAsync();
        return patron;
    }

    private static async Task AcceptAsync(IPage librarian, string question)
    {
        var waiting = librarian.GetByTestId("waiting-chat").Filter(new() { HasText = question });
        await waiting.GetByTestId("accept-button").ClickAsync();
        await Expect(librarian.GetByTestId("kb-panel")).ToBeVisibleAsync();
    }

    /// <summary>The article's usage counts as the editors' article list reports them, once they satisfy the condition.</summary>
    private static async Task<JsonElement> WaitForStatsAsync(IPage page, string articleId, Func<JsonElement, bool> done)
    {
        JsonElement stats = default;
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (waited.ElapsedMilliseconds < Browser.AssertionTimeoutMs)
        {
            var json = await page.EvaluateAsync<string>(
                "async id => JSON.stringify((await (await fetch('/api/editor/articles')).json()).find(a => a.id === id).stats)", articleId);
            stats = JsonDocument.Parse(json).RootElement.Clone();
            if (done(stats))
                return stats;
            await Task.Delay(100);
        }
        return stats;
    }
}
