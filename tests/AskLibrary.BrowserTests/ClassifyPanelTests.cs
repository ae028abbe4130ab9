using AskLibrary.Tests.Infrastructure;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AskLibrary.BrowserTests;

/// <summary>
/// Topics and effort beside a chat, against the starter knowledge base: the librarian adds the suggested tag and one
/// of their own, is asked for the READ scale when the chat ends, sets it, and finds both again in History.
/// </summary>
public sealed class ClassifyPanelTests(Browser browser) : BrowserTestBase(browser)
{
    protected override Dictionary<string, string?> Settings => new()
    {
        ["AskLibrary:Knowledge:ImportDirectory"] = Path.Combine(RepoPaths.Root, "kb", "articles"),
    };

    [Fact]
    public async Task A_librarian_tags_a_chat_from_the_suggestions_rates_it_at_the_end_and_finds_both_in_history()
    {
        var librarian = await LibrarianConsoleAsync("wang");
        var patron = await NewPageAsync();
        await patron.GotoAsync(Url(""));
        await patron.GetByTestId("launcher").ClickAsync();
        await patron.GetByTestId("question-input").FillAsync("请问图书怎么续借？");
        await patron.GetByTestId("start-button").ClickAsync();
        await librarian.GetByTestId("waiting-chat").Filter(new() { HasText = "请问图书怎么续借？" }).GetByTestId("accept-button").ClickAsync();

        var panel = librarian.GetByTestId("chat-pane").GetByTestId("classify-panel");
        var suggestion = panel.Locator("[data-testid=classify-suggestion][data-tag=borrowing]");
        await suggestion.ClickAsync();
        await Expect(panel.Locator("[data-testid=classify-tag][data-tag=borrowing]")).ToBeVisibleAsync();
        await Expect(panel.GetByTestId("classify-status")).ToHaveTextAsync("已保存。");
        await panel.GetByTestId("classify-input").FillAsync("校外 Access");
        await panel.GetByTestId("classify-input").PressAsync("Enter");
        await Expect(panel.Locator("[data-testid=classify-tag][data-tag='校外-access']")).ToBeVisibleAsync();
        var axe = await librarian.RunAxe();
        var serious = axe.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(serious.Count == 0, string.Join("; ", serious.Select(v => $"{v.Id}: {string.Join(", ", v.Nodes.Select(n => n.Target?.ToString()))}")));

        // Ending the chat asks for the missing READ scale; choosing one saves it.
        await librarian.GetByTestId("end-chat-button").ClickAsync();
        await Expect(panel.GetByTestId("classify-status")).ToHaveTextAsync("会话已结束：请评定 READ 等级。");
        await panel.GetByTestId("classify-read").SelectOptionAsync("3");
        await Expect(panel.GetByTestId("classify-status")).ToHaveTextAsync("已保存。");

        // History shows the same tags and level under the transcript, still editable by the librarian who handled it.
        await librarian.GetByTestId("history-tab").ClickAsync();
        await librarian.GetByTestId("history-row").First.ClickAsync();
        var inHistory = librarian.GetByTestId("transcript-view").GetByTestId("classify-panel");
        await Expect(inHistory.GetByTestId("classify-tag")).ToHaveCountAsync(2);
        await Expect(inHistory.GetByTestId("classify-read")).ToHaveValueAsync("3");
        await inHistory.Locator("[data-testid=classify-tag][data-tag=borrowing] button").ClickAsync();
        await Expect(inHistory.GetByTestId("classify-tag")).ToHaveCountAsync(1);
    }
}
