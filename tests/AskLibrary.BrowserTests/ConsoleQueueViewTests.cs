using System.Text.Json;
using System.Text.RegularExpressions;
using AskLibrary.Tests.Infrastructure;
using Deque.AxeCore.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AskLibrary.BrowserTests;

/// <summary>
/// A queue longer than its view (AskLibrary:Chat:QueueViewLimit): the console lists the first waiting chats, counts all
/// of them, says that it lists only the first, and the chats behind move up as the first are taken. A chat that joins
/// behind the view is still announced; one that only moves up into it is not.
/// </summary>
public sealed class ConsoleQueueViewTests(Browser browser) : BrowserTestBase(browser)
{
    protected override Dictionary<string, string?> Settings => new() { ["AskLibrary:Chat:QueueViewLimit"] = "2" };

    [Fact]
    public async Task A_long_queue_lists_its_first_chats_counts_them_all_and_moves_up()
    {
        var librarian = await LibrarianConsoleAsync("wang");
        var questions = new[] { "第一个问题：怎么续借？", "第二个问题：几点开门？", "第三个问题：怎么访问知网？" };
        var patrons = new List<PatronClient>();
        try
        {
            foreach (var question in questions)
            {
                patrons.Add(await PatronClient.ConnectAsync(App));
                await patrons[^1].StartChatAsync(question);
            }
            await ExpectTheViewToMoveUpAsync(librarian, questions);
        }
        finally
        {
            foreach (var patron in patrons)
                await patron.DisposeAsync();
        }
    }

    [Fact]
    public async Task Every_chat_that_joins_is_counted_and_announced_even_behind_the_view()
    {
        var librarian = await LibrarianConsoleAsync("li");
        // Headless Chromium shows no system notification, so the page's Notification is replaced by one that records
        // what the console would show, and the page says it has no focus, as when the librarian works in another window.
        await librarian.EvaluateAsync("""
            () => {
              window.shown = [];
              window.Notification = class {
                static permission = "granted";
                constructor(title, options) { window.shown.push(title + " | " + options.body); }
                close() {}
              };
              document.hasFocus = () => false;
            }
            """);
        var questions = new[] { "第一个问题：怎么续借？", "第二个问题：几点开门？", "第三个问题：怎么访问知网？", "第四个问题：能借几本书？" };
        var patrons = new List<PatronClient>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                patrons.Add(await PatronClient.ConnectAsync(App));
                await patrons[^1].StartChatAsync(questions[i]);
                await Expect(librarian.GetByTestId("waiting-count")).ToHaveTextAsync((i + 1).ToString());
            }
            // The third is behind the view of two: the badge and the title count it, the notification says how many wait.
            await Expect(librarian).ToHaveTitleAsync(new Regex(@"^\(3\) "));
            Assert.Equal(
                ["有新的读者在等待 | " + questions[0], "有新的读者在等待 | " + questions[1], "有新的读者在等待 | 3 个对话在等待"],
                await ShownAsync(librarian, 3));

            // Taking the first moves the third up into the view: nothing new joined, so nothing is announced.
            await librarian.GetByTestId("waiting-chat").Nth(0).GetByTestId("accept-button").ClickAsync();
            await Expect(librarian.GetByTestId("waiting-chat").Nth(1)).ToContainTextAsync(questions[2]);
            patrons.Add(await PatronClient.ConnectAsync(App));
            await patrons[^1].StartChatAsync(questions[3]);

            await Expect(librarian.GetByTestId("waiting-count")).ToHaveTextAsync("3");
            var shown = await ShownAsync(librarian, 4);
            Assert.Equal("有新的读者在等待 | 3 个对话在等待", shown[3]);
            Assert.DoesNotContain(shown, text => text.Contains(questions[2], StringComparison.Ordinal));
        }
        finally
        {
            foreach (var patron in patrons)
                await patron.DisposeAsync();
        }
    }

    /// <summary>The notifications recorded once there are <paramref name="count"/>; more than that fails.</summary>
    private static async Task<string[]> ShownAsync(Microsoft.Playwright.IPage page, int count)
    {
        await page.WaitForFunctionAsync("n => window.shown.length >= n", count);
        var shown = JsonSerializer.Deserialize<string[]>(await page.EvaluateAsync<string>("() => JSON.stringify(window.shown)"))!;
        Assert.Equal(count, shown.Length);
        return shown;
    }

    private static async Task ExpectTheViewToMoveUpAsync(Microsoft.Playwright.IPage librarian, string[] questions)
    {
        var waiting = librarian.GetByTestId("waiting-chat");
        await Expect(librarian.Locator(".queue[data-queue-id=general] .queue-meta")).ToContainTextAsync("· 3");
        await Expect(waiting).ToHaveCountAsync(2);
        await Expect(waiting.Nth(0)).ToContainTextAsync(questions[0]);
        await Expect(waiting.Nth(1)).ToContainTextAsync(questions[1]);
        await Expect(librarian.GetByTestId("queue-more")).ToHaveTextAsync("显示前 2 个，共 3 个等待中的对话；其余的将随着前面的对话被接入而显示。");
        AssertNoSeriousViolations(await librarian.RunAxe(), "console with a queue longer than its view");

        await waiting.Nth(0).GetByTestId("accept-button").ClickAsync();

        await Expect(librarian.Locator(".queue[data-queue-id=general] .queue-meta")).ToContainTextAsync("· 2");
        await Expect(waiting).ToHaveCountAsync(2);
        await Expect(waiting.Nth(1)).ToContainTextAsync(questions[2]);
        await Expect(librarian.GetByTestId("queue-more")).ToHaveCountAsync(0);
    }
}
