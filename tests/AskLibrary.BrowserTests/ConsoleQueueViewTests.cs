using AskLibrary.Tests.Infrastructure;
using Deque.AxeCore.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AskLibrary.BrowserTests;

/// <summary>
/// A queue longer than its view (AskLibrary:Chat:QueueViewLimit): the console lists the first waiting chats, counts all
/// of them, says that it lists only the first, and the chats behind move up as the first are taken.
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
