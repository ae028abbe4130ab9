using System.Text.Json;
using AskLibrary.Tests.Infrastructure;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AskLibrary.BrowserTests;

/// <summary>The knowledge-base workbench at /staff/kb: editors write, publish, compare and restore; librarians only propose drafts.</summary>
public sealed class EditorWorkbenchTests(Browser browser) : BrowserTestBase(browser)
{
    private const string FirstBody = "## 如何预约\n\n在**座位预约系统**中选择研讨室，最多提前 7 天预约。";
    private const string AddedLine = "每次最多使用 4 小时，可续约一次。";

    private async Task<IPage> WorkbenchAsync(string userName, string role)
    {
        var page = await LibrarianConsoleAsync(userName, role);
        await page.GotoAsync(Url("staff/kb"));
        // confirm() for archive / restore / discard: the person answers yes.
        page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        await Expect(page.GetByTestId("new-article")).ToBeVisibleAsync();
        return page;
    }

    private static async Task CreateAsync(IPage page, string id, string title, string body)
    {
        await page.GetByTestId("new-article").ClickAsync();
        await page.GetByTestId("art-title").FillAsync(title);
        await page.GetByTestId("art-id").FillAsync(id);
        await page.GetByTestId("art-summary").FillAsync("研讨室的预约方法和使用规则");
        await page.GetByTestId("art-category").FillAsync("spaces");
        await page.GetByTestId("art-tags").FillAsync("研讨室, 预约");
        await page.GetByTestId("art-body").FillAsync(body);
    }

    [Fact]
    public async Task An_editor_writes_publishes_edits_compares_and_restores_an_article()
    {
        var editor = await WorkbenchAsync("zhao", "editor");
        await CreateAsync(editor, "study-room-booking", "研讨室预约办法", FirstBody);

        // The preview is the server's sanitized rendering, updated while typing.
        await Expect(editor.GetByTestId("preview").Locator("h2")).ToHaveTextAsync("如何预约");
        await Expect(editor.GetByTestId("preview").Locator("strong")).ToHaveTextAsync("座位预约系统");

        await editor.GetByTestId("publish").ClickAsync();
        await Expect(editor.GetByTestId("art-status")).ToHaveAttributeAsync("data-status", "published");
        await Expect(editor.Locator("[data-testid=article-row][data-id=study-room-booking]")).ToContainTextAsync("研讨室预约办法");

        // A patron finds it on the public pages.
        var patron = await NewPageAsync();
        await patron.GotoAsync(Url("kb/search?q=" + Uri.EscapeDataString("怎么预约研讨室")));
        await Expect(patron.Locator("a[href='/kb/study-room-booking']")).ToHaveTextAsync("研讨室预约办法");

        // A second version: one line added.
        await editor.GetByTestId("art-body").FillAsync(FirstBody + "\n\n" + AddedLine);
        await editor.GetByTestId("publish").ClickAsync();
        var versions = editor.GetByTestId("version");
        await Expect(versions).ToHaveCountAsync(2);
        await Expect(editor.GetByTestId("edit-meta")).ToContainTextAsync("2");

        await editor.Locator("[data-testid=version][data-version='1']").GetByTestId("compare").ClickAsync();
        var diff = editor.GetByTestId("diff-view");
        await Expect(diff).ToBeVisibleAsync();
        // The blank line and the new sentence are added; nothing removed.
        await Expect(diff.GetByTestId("diff-added").Filter(new() { HasText = AddedLine })).ToHaveCountAsync(1);
        await Expect(diff.GetByTestId("diff-removed")).ToHaveCountAsync(0);

        // Restoring version 1 saves its text as version 3; nothing is lost.
        await editor.Locator("[data-testid=version][data-version='1']").GetByTestId("restore").ClickAsync();
        await Expect(versions).ToHaveCountAsync(3);
        await Expect(editor.GetByTestId("art-body")).ToHaveValueAsync(FirstBody);
        await Expect(editor.Locator("[data-testid=version][data-version='3']")).ToContainTextAsync("restored version 1");
    }

    [Fact]
    public async Task A_librarian_may_only_propose_drafts_and_the_server_refuses_a_forced_publication()
    {
        var librarian = await WorkbenchAsync("li", "librarian");
        await CreateAsync(librarian, "printing-draft", "打印收费标准", "黑白打印每页 0.2 元。");
        await Expect(librarian.GetByTestId("publish")).ToBeHiddenAsync();
        await Expect(librarian.GetByTestId("archive")).ToBeHiddenAsync();
        await Expect(librarian.GetByTestId("role-hint")).ToBeVisibleAsync();

        await librarian.GetByTestId("save-draft").ClickAsync();
        await Expect(librarian.GetByTestId("art-status")).ToHaveAttributeAsync("data-status", "draft");
        await Expect(librarian.GetByTestId("form-error")).ToBeEmptyAsync();

        // Forcing the status through the API with the page's own token is refused, as a problem document.
        var answer = await librarian.EvaluateAsync<JsonElement>(
            """
            async () => {
              const token = document.querySelector('input[name="__RequestVerificationToken"]').value;
              const current = await (await fetch('/api/editor/articles/printing-draft')).json();
              const response = await fetch('/api/editor/articles/printing-draft', {
                method: 'PUT',
                headers: { 'Content-Type': 'application/json', 'RequestVerificationToken': token },
                body: JSON.stringify({ ...current, status: 'published' }),
              });
              return { status: response.status, contentType: response.headers.get('content-type'), problem: await response.json() };
            }
            """);
        Assert.Equal(403, answer.GetProperty("status").GetInt32());
        Assert.StartsWith("application/problem+json", answer.GetProperty("contentType").GetString());
        Assert.Equal("forbidden", answer.GetProperty("problem").GetProperty("type").GetString());

        // The draft stays a draft, invisible to patrons.
        var patron = await NewPageAsync();
        var page = await patron.GotoAsync(Url("kb/printing-draft"));
        Assert.Equal(404, page!.Status);
    }

    [Fact]
    public async Task A_librarian_cannot_change_a_published_article_and_sees_why()
    {
        var editor = await WorkbenchAsync("zhao", "editor");
        await CreateAsync(editor, "study-room-booking", "研讨室预约办法", FirstBody);
        await editor.GetByTestId("publish").ClickAsync();
        await Expect(editor.GetByTestId("art-status")).ToHaveAttributeAsync("data-status", "published");

        var librarian = await WorkbenchAsync("li", "librarian");
        await librarian.Locator("[data-testid=article-row][data-id=study-room-booking]").GetByTestId("article-open").ClickAsync();
        await Expect(librarian.GetByTestId("art-title")).ToHaveValueAsync("研讨室预约办法");
        await Expect(librarian.GetByTestId("save-draft")).ToBeDisabledAsync();
        await Expect(librarian.GetByTestId("publish")).ToBeHiddenAsync();
        await Expect(librarian.GetByTestId("version").GetByTestId("restore")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_validation_error_from_the_server_is_shown_beside_the_form()
    {
        var editor = await WorkbenchAsync("zhao", "editor");
        await CreateAsync(editor, "study-room-booking", "研讨室预约办法", FirstBody);
        await editor.GetByTestId("art-related").FillAsync("no-such-article");
        await editor.GetByTestId("publish").ClickAsync();
        await Expect(editor.GetByTestId("form-error")).ToContainTextAsync("no-such-article");
        await Expect(editor.GetByTestId("art-status")).ToHaveAttributeAsync("data-status", "new");
    }

    [Fact]
    public async Task The_console_links_to_the_workbench()
    {
        var librarian = await LibrarianConsoleAsync("li");
        await librarian.GetByTestId("kb-editor-link").ClickAsync();
        await ExpectAddressEndsWithAsync(librarian, "/staff/kb");
        await Expect(librarian.GetByTestId("article-row")).ToHaveCountAsync(0);
        await Expect(librarian.GetByTestId("new-article")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task An_unanswered_patron_question_becomes_a_gap_and_a_prefilled_draft()
    {
        await LibrarianConsoleAsync("li"); // someone on duty, so the patron can start a chat
        await using var patron = await PatronClient.ConnectAsync(App);
        var chat = await patron.StartChatAsync("图书馆有没有3D打印机可以用？");

        var editor = await WorkbenchAsync("zhao", "editor");
        await editor.GetByTestId("gaps-tab").ClickAsync();
        var gap = editor.GetByTestId("gap");
        await Expect(gap).ToContainTextAsync("图书馆有没有3D打印机可以用？");

        await gap.GetByTestId("gap-new-article").ClickAsync();
        await Expect(editor.GetByTestId("art-title")).ToHaveValueAsync("图书馆有没有3D打印机可以用？");
        await Expect(editor.GetByTestId("art-body")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("- 图书馆有没有3D打印机可以用？"));
        await Expect(editor.GetByTestId("art-status")).ToHaveAttributeAsync("data-status", "new");

        // The same question as a draft from the whole chat, by conversation id.
        await editor.GetByTestId("art-title").FillAsync("");
        await editor.GetByTestId("gaps-tab").ClickAsync();
        await editor.GetByTestId("from-chat-id").FillAsync(chat.ConversationId);
        await editor.GetByTestId("from-chat-submit").ClickAsync();
        await Expect(editor.GetByTestId("art-title")).ToHaveValueAsync("图书馆有没有3D打印机可以用？");
        await Expect(editor.GetByTestId("art-body")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("## (问题|Question)"));
    }

    [Fact]
    public async Task An_editor_changes_the_synonyms_and_a_librarian_can_only_read_them()
    {
        var editor = await WorkbenchAsync("zhao", "editor");
        await editor.GetByTestId("synonyms-tab").ClickAsync();
        var text = editor.GetByTestId("synonyms-text");
        await Expect(text).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("续借"));
        await text.FillAsync(await text.InputValueAsync() + "\n研讨室, 小组学习室, group study room\n");
        await editor.GetByTestId("synonyms-save").ClickAsync();
        await Expect(editor.GetByTestId("toast")).ToBeVisibleAsync();

        var librarian = await WorkbenchAsync("li", "librarian");
        await librarian.GetByTestId("synonyms-tab").ClickAsync();
        await Expect(librarian.GetByTestId("synonyms-text")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("小组学习室"));
        await Expect(librarian.GetByTestId("synonyms-text")).Not.ToBeEditableAsync();
        await Expect(librarian.GetByTestId("synonyms-save")).ToBeHiddenAsync();
    }

    [Fact]
    public async Task The_workbench_has_no_serious_accessibility_violations()
    {
        var editor = await WorkbenchAsync("zhao", "editor");
        await CreateAsync(editor, "study-room-booking", "研讨室预约办法", FirstBody);
        await editor.GetByTestId("publish").ClickAsync();
        await editor.GetByTestId("art-body").FillAsync(FirstBody + "\n\n" + AddedLine);
        await editor.GetByTestId("save-draft").ClickAsync();
        await Expect(editor.GetByTestId("version")).ToHaveCountAsync(2);
        await editor.Locator("[data-testid=version][data-version='1']").GetByTestId("compare").ClickAsync();
        await Expect(editor.GetByTestId("diff-view")).ToBeVisibleAsync();

        var result = await editor.RunAxe();
        var serious = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(serious.Count == 0, string.Join("; ", serious.Select(v => $"{v.Id} ({v.Impact}): {string.Join(", ", v.Nodes.Select(n => n.Target?.ToString()))}")));
    }
}
