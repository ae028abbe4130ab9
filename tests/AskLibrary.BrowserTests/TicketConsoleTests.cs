using AskLibrary.Chat.Contracts;
using AskLibrary.Tests.Infrastructure;
using Deque.AxeCore.Playwright;
using Microsoft.AspNetCore.SignalR.Client;
using static Microsoft.Playwright.Assertions;

namespace AskLibrary.BrowserTests;

/// <summary>
/// A librarian answers a ticket in the console: a patron left a question while nobody was on duty, the
/// librarian finds it under Tickets, claims it, adds an internal note, answers, and the patron's mailbox
/// (a real SMTP server on 127.0.0.1) receives the answer without the note.
/// </summary>
public sealed class TicketConsoleTests(Browser browser) : BrowserTestBase(browser)
{
    private const string HostileQuestion = "能借 <img src=x onerror=alert(1)> 法律年鉴吗？";
    private SmtpSink _sink = null!;

    protected override async Task BeforeStartAsync() => _sink = await SmtpSink.StartAsync();

    protected override async Task AfterStopAsync() => await _sink.DisposeAsync();

    protected override Dictionary<string, string?> Settings => _sink.Settings;

    [Fact]
    public async Task A_librarian_claims_notes_and_answers_a_ticket_and_the_patron_gets_the_email()
    {
        await using var patron = await PatronClient.ConnectAsync(App);
        var receipt = await patron.Hub.InvokeAsync<OfflineQuestionReceipt>("LeaveQuestion",
            new OfflineQuestionRequest("law", HostileQuestion, "reader@example.edu.cn", "李雷", "req-browser", "zh-CN"));

        var console = await LibrarianConsoleAsync("wang");
        await console.ClickAsync("nav.sections [data-view=offline]");
        var row = console.Locator($"[data-testid=ticket-row][data-id={receipt.Id}]");
        await Expect(row).ToContainTextAsync("李雷");
        await Expect(console.GetByTestId("tickets-email-off")).ToBeHiddenAsync();

        // Keyboard only: focus the row's Open button and press Enter.
        await row.GetByTestId("ticket-open").FocusAsync();
        await console.Keyboard.PressAsync("Enter");
        var detail = console.GetByTestId("ticket-detail");
        await Expect(detail.GetByTestId("ticket-question")).ToHaveTextAsync(HostileQuestion); // text, not markup
        Assert.Equal(0, await detail.Locator("img").CountAsync());
        await Expect(detail.GetByTestId("ticket-answer-input")).ToBeDisabledAsync(); // claim first

        await detail.GetByTestId("ticket-claim").ClickAsync();
        await Expect(detail.GetByTestId("ticket-release")).ToBeVisibleAsync();
        await detail.GetByTestId("ticket-note-input").FillAsync("内部：年鉴在三楼参考室");
        await detail.GetByTestId("ticket-note-submit").ClickAsync();
        await Expect(detail.GetByTestId("ticket-note")).ToContainTextAsync("年鉴在三楼参考室");

        await detail.GetByTestId("ticket-answer-input").FillAsync("可以，法律年鉴可在参考室阅览，不外借。");
        await detail.GetByTestId("ticket-answer-submit").ClickAsync();
        await Expect(detail.GetByTestId("ticket-answer")).ToHaveAttributeAsync("data-delivery", "sent");
        await Expect(row).ToContainTextAsync("已关闭");

        var mail = await _sink.WaitForAsync(m => m.EnvelopeTo.Contains("reader@example.edu.cn"));
        Assert.Equal($"图书馆对您的咨询的答复 [{receipt.Id}]", mail.Subject);
        Assert.Contains("可以，法律年鉴可在参考室阅览，不外借。", mail.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("三楼参考室", mail.Text + mail.Html, StringComparison.Ordinal);

        var serious = (await console.RunAxe()).Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(serious.Count == 0, string.Join("; ", serious.Select(v => v.Id)));
    }
}
