using System.Text.Json;
using AskLibrary.Chat.Contracts;
using AskLibrary.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AskLibrary.BrowserTests;

/// <summary>
/// Every payload of a public XSS list (TestData/xss) through every input that staff or patrons see rendered:
/// chat messages both ways, patron names, questions, canned responses, article Markdown, titles, summaries,
/// categories and tags, and search queries — checked in Chromium on the widget, the console, the editors'
/// workbench, the public knowledge-base pages and the managers' reports: no dialog, no injected script, no handler attribute.
/// </summary>
public sealed class XssTests(Browser browser) : BrowserTestBase(browser)
{
    private readonly List<string> _dialogs = [];

    private async Task<IPage> ArmedAsync(IPage page)
    {
        await XssGuard.ArmAsync(page.Context, _dialogs);
        return page;
    }

    [Fact]
    public async Task The_guard_notices_an_injection_that_does_run()
    {
        // A control: the same checks on a page where a payload is deliberately inserted as HTML must report it.
        var page = await ArmedAsync(await NewPageAsync());
        await page.GotoAsync(Url("kb"));
        await page.EvaluateAsync("p => { document.body.insertAdjacentHTML('beforeend', p); }", "<img src=x onerror=alert(7)><a href=\"javascript:alert(8)\">x</a>");
        await page.WaitForTimeoutAsync(300);
        var findings = string.Join("; ", await XssGuard.FindingsAsync(page));
        Assert.Contains("onerror", findings);
        Assert.Contains("href=javascript:alert(8)", findings);
    }

    [Fact]
    public async Task Payloads_in_chat_messages_patron_names_and_questions_run_nowhere()
    {
        var librarian = await ArmedAsync(await LibrarianConsoleAsync("xss-librarian"));
        await librarian.ReloadAsync();
        var patron = await ArmedAsync(await NewPageAsync());
        await patron.GotoAsync(Url(""));

        // The widget's own patron: a hostile name and question, then every payload as chat messages.
        var payloads = XssGuard.Payloads;
        await patron.GetByTestId("launcher").ClickAsync();
        await patron.GetByTestId("panel").Locator("details summary").First.ClickAsync(); // the optional contact details
        await patron.GetByTestId("name-input").FillAsync(payloads[2]);
        await patron.GetByTestId("question-input").FillAsync(payloads[0]);
        await patron.GetByTestId("start-button").ClickAsync();
        await librarian.GetByTestId("waiting-chat").First.GetByTestId("accept-button").ClickAsync();
        await Expect(librarian.GetByTestId("chat-pane")).ToBeVisibleAsync();

        var batches = XssGuard.Batches(maxLength: 1200).ToList();
        foreach (var batch in batches)
        {
            await patron.GetByTestId("message-input").FillAsync(batch);
            await patron.GetByTestId("send-button").ClickAsync();
            await librarian.GetByTestId("reply-input").FillAsync(batch);
            await librarian.GetByTestId("send-button").ClickAsync();
        }
        await Expect(patron.Locator("[data-testid=message][data-kind=librarian]")).ToHaveCountAsync(batches.Count, new() { Timeout = 60_000 });
        await Expect(librarian.Locator("[data-testid=message][data-kind=patron]")).ToHaveCountAsync(batches.Count + 1, new() { Timeout = 60_000 });

        // Other patrons, through the real hub: hostile names and questions fill the console's waiting list.
        var clients = new List<PatronClient>();
        foreach (var (payload, i) in payloads.Skip(3).Where((_, i) => i % 8 == 0).Select((p, i) => (p, i)))
        {
            var client = await PatronClient.ConnectAsync(App);
            clients.Add(client);
            var name = payload.Length > 100 ? payload[..100] : payload;
            await client.StartChatAsync(payload.Trim().Length == 0 ? "blank" : payload, patron: new PatronDetails(name, null, null));
        }
        await Expect(librarian.GetByTestId("waiting-chat")).ToHaveCountAsync(clients.Count, new() { Timeout = 30_000 });

        await XssGuard.AssertCleanAsync(patron, "widget after the chat");
        await XssGuard.AssertCleanAsync(librarian, "console with the chat and the waiting list");

        // The transcript as the console's history shows it.
        await librarian.GetByTestId("history-tab").ClickAsync();
        await librarian.GetByTestId("history-search-button").ClickAsync();
        await librarian.GetByTestId("history-row").First.ClickAsync();
        await Expect(librarian.GetByTestId("transcript-view")).ToBeVisibleAsync();
        await XssGuard.AssertCleanAsync(librarian, "console transcript history");
        Assert.Empty(_dialogs);
        foreach (var client in clients)
            await client.DisposeAsync();
    }

    [Fact]
    public async Task Payloads_in_canned_responses_articles_tags_and_searches_run_nowhere()
    {
        var payloads = XssGuard.Payloads;
        var editor = await ArmedAsync(await LibrarianConsoleAsync("xss-editor", "editor"));
        await editor.ReloadAsync();

        // Articles: every payload in the Markdown body; titles, summaries, categories and tags from the list too.
        var body = string.Join("\n\n", payloads) + "\n\n" + string.Join("\n\n", payloads.Take(40).Select(p => $"[续借 {p}](javascript:alert(1)) ![x]({p})"));
        var shortOnes = payloads.Where(p => p.Trim().Length is > 0 and <= 40).ToList();
        var ids = new List<string>();
        for (var i = 0; i * 20 < shortOnes.Count; i++)
        {
            var id = $"xss-{i}";
            ids.Add(id);
            var title = "续借 " + payloads[i % payloads.Count];
            await PublishAsync(editor, new
            {
                id, title = title.Length > 200 ? title[..200] : title, body, summary = payloads[(i + 1) % payloads.Count],
                category = shortOnes[i], tags = shortOnes.Skip(i * 20).Take(20).ToArray(), language = "zh-CN",
            });
        }

        // Public pages: the index, every article, and a search for every payload.
        var reader = await ArmedAsync(await NewPageAsync());
        await reader.GotoAsync(Url("kb"));
        await XssGuard.AssertCleanAsync(reader, "/kb");
        foreach (var id in ids)
        {
            await reader.GotoAsync(Url("kb/" + id));
            await XssGuard.AssertCleanAsync(reader, "/kb/" + id);
        }
        foreach (var payload in payloads)
        {
            await reader.GotoAsync(Url("kb/search?q=" + Uri.EscapeDataString(payload)));
            await XssGuard.AssertCleanAsync(reader, "/kb/search?q=" + payload);
        }

        // A librarian on duty, so the widget offers a chat (and its question box).
        var librarian = await ArmedAsync(await LibrarianConsoleAsync("xss-librarian"));
        await librarian.ReloadAsync();

        // The widget: suggestions while typing (hostile queries and hostile titles), the article read inline.
        var patron = await ArmedAsync(await NewPageAsync());
        await patron.GotoAsync(Url(""));
        await patron.GetByTestId("launcher").ClickAsync();
        foreach (var payload in payloads.Where((_, i) => i % 10 == 0))
            await patron.GetByTestId("question-input").FillAsync(payload);
        await patron.GetByTestId("question-input").FillAsync("续借");
        await patron.GetByTestId("suggestion").First.ClickAsync();
        await Expect(patron.GetByTestId("article-body")).ToBeVisibleAsync();
        await XssGuard.AssertCleanAsync(patron, "widget article");

        // The console: canned responses made of payloads, the knowledge-base panel searching and opening an article.
        foreach (var payload in payloads.Where((_, i) => i % 4 == 0))
        {
            var status = await librarian.EvaluateAsync<int>("""
                async ([title, text]) => (await fetch('/api/staff/canned', {
                  method: 'POST',
                  headers: { 'Content-Type': 'application/json',
                    RequestVerificationToken: document.querySelector('input[name="__RequestVerificationToken"]').value },
                  body: JSON.stringify({ title, text, shared: false }) })).status
                """, new[] { payload.Length > 100 ? payload[..100] : payload, payload });
            Assert.True(status is 201 or 200 or 400, $"canned response: {status}");
        }
        await librarian.ReloadAsync(); // the console reads the canned responses when it loads
        await librarian.Locator("button[data-view=canned]").ClickAsync();
        await Expect(librarian.GetByTestId("canned-row").First).ToBeVisibleAsync();
        await XssGuard.AssertCleanAsync(librarian, "console canned responses");

        var chatPatron = await PatronClient.ConnectAsync(App);
        await chatPatron.StartChatAsync("续借 " + payloads[0]);
        await librarian.Locator("button[data-view=chats]").ClickAsync();
        await librarian.GetByTestId("waiting-chat").First.GetByTestId("accept-button").ClickAsync();
        await Expect(librarian.GetByTestId("kb-suggestion").First).ToBeVisibleAsync();
        foreach (var payload in payloads.Where((_, i) => i % 10 == 0))
        {
            await librarian.GetByTestId("kb-search-input").FillAsync(payload);
            await librarian.GetByTestId("kb-search-button").ClickAsync();
        }
        await librarian.GetByTestId("kb-search-input").FillAsync("续借");
        await librarian.GetByTestId("kb-search-button").ClickAsync();
        await librarian.GetByTestId("kb-open").First.ClickAsync();
        await Expect(librarian.GetByTestId("kb-article")).ToBeVisibleAsync();
        await XssGuard.AssertCleanAsync(librarian, "console knowledge-base panel");
        await chatPatron.DisposeAsync();

        // The editors' workbench: the list, an article in the form with its live preview, and hostile searches.
        await editor.GotoAsync(Url("staff/kb"));
        await EditorWorkbenchAsync(editor, ids[0], payloads);

        // The managers' reports: hostile article titles in the knowledge-base usage table, hostile questions behind the counts.
        var manager = await ArmedAsync(await LibrarianConsoleAsync("xss-admin", "admin"));
        await manager.GotoAsync(Url("staff/reports"));
        await Expect(manager.GetByTestId("report-status")).Not.ToBeEmptyAsync();
        await Expect(manager.Locator("svg[role=img]").First).ToBeVisibleAsync();
        foreach (var details in await manager.Locator("details").AllAsync())
            await details.EvaluateAsync("d => d.open = true");
        await XssGuard.AssertCleanAsync(manager, "reports dashboard");
        Assert.Empty(_dialogs);
    }

    private static async Task EditorWorkbenchAsync(IPage editor, string articleId, IReadOnlyList<string> payloads)
    {
        await XssGuard.AssertCleanAsync(editor, "workbench list");
        await editor.Locator($"[data-article-id='{articleId}'], [data-id='{articleId}']").First.ClickAsync();
        await editor.WaitForTimeoutAsync(1500); // the preview renders after its debounce
        await XssGuard.AssertCleanAsync(editor, "workbench article and preview");
    }

    private static async Task PublishAsync(IPage staffPage, object article)
    {
        var status = await staffPage.EvaluateAsync<int>("""
            async article => (await fetch('/api/editor/articles', {
              method: 'POST',
              headers: { 'Content-Type': 'application/json',
                RequestVerificationToken: document.querySelector('input[name="__RequestVerificationToken"]').value },
              body: JSON.stringify({ status: 'published', ...article }) })).status
            """, article);
        Assert.Equal(201, status);
    }
}
