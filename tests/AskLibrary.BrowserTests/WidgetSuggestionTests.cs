using System.Text.Json;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AskLibrary.BrowserTests;

/// <summary>
/// Knowledge-base suggestions in the patron widget: an editor publishes an article in one browser, a patron
/// typing a related question on the demo page sees it, reads it inline and says whether it helped.
/// </summary>
public sealed class WidgetSuggestionTests(Browser browser) : BrowserTestBase(browser)
{
    [Fact]
    public async Task A_patron_typing_a_related_question_sees_the_newly_published_article_reads_it_inline_and_finds_it_helpful()
    {
        var editor = await EditorAsync("zhao");
        await PublishAsync(editor, new
        {
            id = "rare-books-reading-room",
            title = "古籍特藏阅览室预约指南",
            summary = "善本、线装古籍须提前两个工作日预约，在五楼特藏阅览室查阅。",
            body = "善本和线装古籍不外借。请至少**提前两个工作日**在[特藏部预约系统](https://special.example.edu/booking)登记，"
                + "凭校园卡到五楼特藏阅览室查阅，阅览时请使用铅笔。\n\n另见[开馆时间](/kb/summer-hours)。",
            language = "zh-CN",
        });
        await PublishAsync(editor, new
        {
            id = "summer-hours",
            title = "暑假开馆时间",
            body = "暑假期间总馆每天 9:00–17:00 开放，分馆闭馆。",
            language = "zh-CN",
        });
        await LibrarianConsoleAsync("wang"); // on duty: the patron gets the first-question box

        var patron = await NewPageAsync();
        await patron.GotoAsync(Url(""));
        await patron.GetByTestId("launcher").ClickAsync();
        var question = patron.GetByTestId("question-input");
        const string typed = "我想看馆里收藏的线装善本书，需要提前约吗？";
        await question.PressSequentiallyAsync(typed, new() { Delay = 15 });

        var suggestions = patron.GetByRole(AriaRole.Region, new() { Name = "这些文章可能有帮助" });
        await Expect(suggestions).ToBeVisibleAsync();
        var first = suggestions.GetByTestId("suggestion").First;
        await Expect(first).ToContainTextAsync("古籍特藏阅览室预约指南");
        await Expect(first.Locator("mark").First).ToBeVisibleAsync(); // the words that matched are highlighted
        await Expect(patron.GetByRole(AriaRole.Status).Filter(new() { HasText = "可能有帮助" })).ToHaveCountAsync(1);
        await Expect(question).ToBeFocusedAsync(); // announced, never focus-stealing

        await first.ClickAsync();
        var article = patron.GetByTestId("article");
        await Expect(article.GetByTestId("article-title")).ToHaveTextAsync("古籍特藏阅览室预约指南");
        await Expect(article.GetByTestId("article-body").Locator("strong")).ToHaveTextAsync("提前两个工作日");
        var external = article.GetByRole(AriaRole.Link, new() { Name = "特藏部预约系统" });
        await Expect(external).ToHaveAttributeAsync("target", "_blank");
        await Expect(external).ToHaveAttributeAsync("rel", "noopener noreferrer");
        await Expect(article.GetByTestId("article-link")).ToHaveAttributeAsync("href", Url("kb/rare-books-reading-room"));

        // Back keeps the question as typed; the article opens again from its suggestion.
        await article.GetByTestId("article-back").ClickAsync();
        await Expect(question).ToHaveValueAsync(typed);
        await Expect(first).ToBeFocusedAsync();
        await patron.Keyboard.PressAsync("Enter");

        await Expect(article.GetByText("这解决了您的问题吗？")).ToBeVisibleAsync();
        await article.GetByTestId("article-helpful").ClickAsync();
        await Expect(article.GetByTestId("article-thanks")).ToBeVisibleAsync();
        await article.GetByTestId("article-close").ClickAsync();
        await Expect(patron.GetByTestId("panel")).ToBeHiddenAsync();

        var stats = await StatsAsync(editor, "rare-books-reading-room", s => s.GetProperty("helpful").GetInt32() == 1);
        Assert.Equal(1, stats.GetProperty("shown").GetInt32()); // once per typed question, however many keystrokes
        Assert.Equal(2, stats.GetProperty("opened").GetInt32());
        Assert.Equal(0, stats.GetProperty("notHelpful").GetInt32());
    }

    [Fact]
    public async Task With_nobody_on_duty_an_English_question_finds_the_English_article_and_No_leads_back_to_asking()
    {
        var editor = await EditorAsync("smith");
        await PublishAsync(editor, new
        {
            id = "interlibrary-loan",
            title = "Interlibrary loan: borrowing from other libraries",
            body = "If our library does not own a book, request it through interlibrary loan. Items usually arrive within five working days.",
            language = "en",
        });
        await PublishAsync(editor, new
        {
            id = "printing",
            title = "打印与复印",
            body = "各楼层均有自助打印机，使用校园卡付费。",
            language = "zh-CN",
        });

        var patron = await NewPageAsync("en");
        await patron.GotoAsync(Url(""));
        await patron.GetByTestId("launcher").ClickAsync();
        var question = patron.GetByTestId("offline-question");
        const string typed = "Can I get a book our library doesn't have from another library?";
        await question.PressSequentiallyAsync(typed, new() { Delay = 10 });

        var suggestion = patron.GetByTestId("suggestion");
        await Expect(suggestion).ToHaveCountAsync(1);
        await Expect(suggestion).ToContainTextAsync("Interlibrary loan");
        await suggestion.ClickAsync();
        await Expect(patron.GetByTestId("article-body")).ToContainTextAsync("five working days");
        await patron.GetByTestId("article-not-helpful").ClickAsync();

        await Expect(question).ToHaveValueAsync(typed);
        await Expect(patron.GetByTestId("offline-form").GetByTestId("ask-librarian-hint")).ToBeVisibleAsync();
        await Expect(patron.GetByTestId("offline-email")).ToBeFocusedAsync();

        var stats = await StatsAsync(editor, "interlibrary-loan", s => s.GetProperty("notHelpful").GetInt32() == 1);
        Assert.Equal(1, stats.GetProperty("opened").GetInt32());
        Assert.Equal(0, stats.GetProperty("helpful").GetInt32());
    }

    [Fact]
    public async Task Gibberish_brings_no_suggestions()
    {
        var editor = await EditorAsync("zhao");
        await PublishAsync(editor, new { id = "renew-books", title = "如何续借图书", body = "登录我的图书馆，选择续借。Renew online in My Library.", language = "zh-CN" });
        await LibrarianConsoleAsync("wang");

        var patron = await NewPageAsync();
        await patron.GotoAsync(Url(""));
        await patron.GetByTestId("launcher").ClickAsync();
        // Something is found first, so "nothing" below is the server's answer, not a widget that never asked.
        await patron.GetByTestId("question-input").FillAsync("怎么续借");
        await Expect(patron.GetByTestId("suggestion")).ToHaveCountAsync(1);

        await patron.RunAndWaitForResponseAsync(
            () => patron.GetByTestId("question-input").FillAsync("xqzvkwpj qqvvzz"),
            response => response.Url.Contains("/api/kb/suggest", StringComparison.Ordinal) && response.Url.Contains("xqzvkwpj", StringComparison.Ordinal));
        await Expect(patron.GetByTestId("suggestions")).ToBeHiddenAsync();
        await Expect(patron.GetByTestId("suggestion")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Suggestions_can_be_turned_off_with_an_attribute()
    {
        var editor = await EditorAsync("zhao");
        await PublishAsync(editor, new { id = "renew-books", title = "如何续借图书", body = "登录我的图书馆，选择续借。", language = "zh-CN" });

        var patron = await NewPageAsync();
        var asked = 0;
        patron.Request += (_, request) => asked += request.Url.Contains("/api/kb/suggest", StringComparison.Ordinal) ? 1 : 0;
        // A library page of this origin that embeds the widget with suggestions off.
        await patron.RouteAsync(Url("no-suggestions.html"), route => route.FulfillAsync(new()
        {
            ContentType = "text/html; charset=utf-8",
            Body = "<!DOCTYPE html><html lang=\"zh-CN\"><body><script src=\"/dist/widget.js\" data-suggestions=\"off\"></script></body></html>",
        }));
        await patron.GotoAsync(Url("no-suggestions.html"));
        await patron.GetByTestId("launcher").ClickAsync();
        await patron.GetByTestId("offline-question").FillAsync("怎么续借图书");
        await patron.WaitForTimeoutAsync(800); // well past the 300 ms debounce
        Assert.Equal(0, asked);
        await Expect(patron.GetByTestId("suggestions")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task On_a_phone_the_suggestions_and_the_article_work_with_the_keyboard_alone_and_pass_axe()
    {
        var editor = await EditorAsync("zhao");
        await PublishAsync(editor, new
        {
            id = "renew-books",
            title = "如何续借图书",
            body = "登录“我的图书馆”，在借阅列表中选择要续借的图书。\n\n| 读者类型 | 可续借次数 |\n|---|---|\n| 本科生 | 1 次 |\n| 研究生 | 2 次 |",
            language = "zh-CN",
        });
        await LibrarianConsoleAsync("wang");

        var patron = await NewPageAsync();
        await patron.SetViewportSizeAsync(375, 667);
        await patron.GotoAsync(Url(""));
        await patron.GetByTestId("launcher").FocusAsync();
        await patron.Keyboard.PressAsync("Enter");
        await Expect(patron.GetByTestId("question-input")).ToBeFocusedAsync();
        await patron.Keyboard.TypeAsync("图书怎么续借？");
        var suggestion = patron.GetByTestId("suggestion");
        await Expect(suggestion).ToContainTextAsync("如何续借图书");
        AssertNoSeriousViolations(await patron.RunAxe(), "widget, suggestions");

        await patron.Keyboard.PressAsync("Tab");
        await Expect(suggestion).ToBeFocusedAsync();
        await patron.Keyboard.PressAsync("Enter");
        await Expect(patron.GetByTestId("article-title")).ToBeFocusedAsync();
        await Expect(patron.GetByTestId("article-body").Locator("table")).ToBeVisibleAsync();
        await Expect(patron.GetByTestId("article-helpful")).ToBeVisibleAsync();
        AssertNoSeriousViolations(await patron.RunAxe(), "widget, article");
        var overflows = await patron.GetByTestId("article").EvaluateAsync<bool>("e => e.scrollWidth > e.clientWidth");
        Assert.False(overflows, "the article scrolls sideways at 375 px");

        await patron.GetByTestId("article-not-helpful").FocusAsync();
        await patron.Keyboard.PressAsync("Enter");
        await Expect(patron.GetByTestId("start-button")).ToBeFocusedAsync();
        await Expect(patron.GetByTestId("question-input")).ToHaveValueAsync("图书怎么续借？");
        await patron.Keyboard.PressAsync("Enter");
        await Expect(patron.GetByTestId("status")).ToBeVisibleAsync(); // asked a librarian after all
    }

    /// <summary>An editor signed in through the sign-in form; the page carries the antiforgery token the editor API wants.</summary>
    private Task<IPage> EditorAsync(string userName) => LibrarianConsoleAsync(userName, "editor");

    private static async Task PublishAsync(IPage editor, object article)
    {
        var status = await editor.EvaluateAsync<int>(
            """
            async (article) => {
              const token = document.querySelector('input[type="hidden"][name="__RequestVerificationToken"]').value;
              const response = await fetch('/api/editor/articles', {
                method: 'POST', credentials: 'same-origin',
                headers: { 'Content-Type': 'application/json', 'RequestVerificationToken': token },
                body: JSON.stringify({ status: 'published', audience: 'public', ...article }),
              });
              return response.status;
            }
            """, article);
        Assert.Equal(201, status);
    }

    /// <summary>The article's usage counts as editors see them, once the feedback (sent without waiting) has arrived.</summary>
    private static async Task<JsonElement> StatsAsync(IPage editor, string articleId, Func<JsonElement, bool> arrived)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var json = await editor.EvaluateAsync<string>("async () => JSON.stringify(await (await fetch('/api/editor/articles')).json())");
            var stats = JsonDocument.Parse(json).RootElement.EnumerateArray()
                .Single(a => a.GetProperty("id").GetString() == articleId).GetProperty("stats");
            if (arrived(stats) || waited.ElapsedMilliseconds > Browser.AssertionTimeoutMs)
                return stats;
            await Task.Delay(100);
        }
    }
}
