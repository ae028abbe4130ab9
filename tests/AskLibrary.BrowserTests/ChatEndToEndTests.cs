using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AskLibrary.BrowserTests;

/// <summary>A patron on the demo library page and a librarian in the console, each in their own Chromium context.</summary>
public sealed class ChatEndToEndTests(Browser browser) : BrowserTestBase(browser)
{
    [Fact]
    public async Task A_patron_on_the_demo_page_and_a_librarian_in_the_console_chat_end_to_end()
    {
        var librarian = await LibrarianConsoleAsync("wang");
        var patron = await NewPageAsync();
        await patron.GotoAsync(Url(""));

        await patron.GetByTestId("launcher").ClickAsync();
        await Expect(patron.GetByTestId("panel")).ToBeVisibleAsync();
        await patron.GetByTestId("question-input").FillAsync("请问研究生可以借几本书？");
        await patron.GetByTestId("start-button").ClickAsync();
        await Expect(patron.GetByTestId("status")).ToContainTextAsync("1");

        var waiting = librarian.GetByTestId("waiting-chat");
        await Expect(waiting).ToContainTextAsync("请问研究生可以借几本书？");
        await waiting.GetByTestId("accept-button").ClickAsync();
        await Expect(librarian.GetByTestId("chat-pane")).ToBeVisibleAsync();
        await Expect(patron.GetByTestId("status")).ToContainTextAsync("wang");

        await librarian.GetByTestId("reply-input").FillAsync("研究生可借30册，借期60天。");
        await librarian.GetByTestId("send-button").ClickAsync();
        var fromLibrarian = patron.Locator("[data-testid=message][data-kind=librarian]");
        await Expect(fromLibrarian).ToContainTextAsync("研究生可借30册，借期60天。");

        await patron.GetByTestId("message-input").FillAsync("谢谢！");
        await Expect(librarian.GetByTestId("patron-typing")).ToBeVisibleAsync();
        await patron.GetByTestId("send-button").ClickAsync();
        await Expect(librarian.Locator("[data-testid=message][data-kind=patron]").Last).ToContainTextAsync("谢谢！");

        await patron.GetByTestId("end-button").ClickAsync();
        await patron.GetByTestId("rating-5").CheckAsync();
        await patron.GetByTestId("rating-comment").FillAsync("很有帮助");
        await patron.GetByTestId("rating-submit").ClickAsync();

        // The transcript, as staff read it through the API, has the whole conversation in order.
        var transcript = await librarian.EvaluateAsync<string>(
            "async () => { const list = await (await fetch('/api/staff/transcripts')).json(); " +
            "const t = await (await fetch('/api/staff/transcripts/' + list.items[0].conversationId)).json(); " +
            "return t.messages.map(m => m.kind + ':' + (m.event ?? m.text)).join('|'); }");
        Assert.Equal("patron:请问研究生可以借几本书？|system:joined|librarian:研究生可借30册，借期60天。|patron:谢谢！|system:ended", transcript);
    }

    [Fact]
    public async Task The_transfer_dialog_lists_a_colleague_who_signed_in_later_with_the_load_they_have_now()
    {
        var console = await LibrarianConsoleAsync("wang");
        await using var first = await AskLibrary.Tests.Infrastructure.PatronClient.ConnectAsync(App);
        await first.StartChatAsync("请问怎么续借？");
        await console.GetByTestId("waiting-chat").GetByTestId("accept-button").ClickAsync();
        await Expect(console.GetByTestId("chat-pane")).ToBeVisibleAsync();

        // A colleague signs in after the console loaded and takes a chat: the console learns of both only from
        // PresenceChanged rounds.
        await App.AddStaffAsync("zhao", capacity: 4);
        await using var zhao = await AskLibrary.Tests.Infrastructure.LibrarianClient.ConnectAsync(App, "zhao");
        await using var second = await AskLibrary.Tests.Infrastructure.PatronClient.ConnectAsync(App);
        var chat = await second.StartChatAsync("馆际互借要多久？");
        await zhao.AcceptAsync(chat.ConversationId);

        var option = console.GetByTestId("transfer-staff").Locator("option", new() { HasText = "zhao" });
        var shown = "";
        for (var attempt = 0; attempt < 40 && !shown.Contains("1/4", StringComparison.Ordinal); attempt++)
        {
            if (attempt > 0)
            {
                await console.Keyboard.PressAsync("Escape"); // the dialog lists colleagues as they were when it opened
                await Task.Delay(250);
            }
            await console.GetByTestId("transfer-button").ClickAsync();
            shown = await option.CountAsync() == 1 ? await option.InnerTextAsync() : "";
        }
        Assert.Contains("1/4", shown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_nobody_on_duty_the_widget_offers_to_leave_a_question_and_never_looks_online()
    {
        var patron = await NewPageAsync();
        await patron.GotoAsync(Url(""));
        await Expect(patron.GetByTestId("launcher")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("offline"));
        await patron.GetByTestId("launcher").ClickAsync();
        await Expect(patron.GetByTestId("offline-form")).ToBeVisibleAsync();
        await patron.GetByTestId("offline-question").FillAsync("周末可以办理读者证吗？");
        await patron.GetByTestId("offline-email").FillAsync("reader@example.edu.cn");
        await patron.GetByTestId("offline-submit").ClickAsync();
        await Expect(patron.GetByTestId("offline-confirmation")).ToContainTextAsync("q_");
    }

    [Fact]
    public async Task The_conversation_survives_navigating_to_another_page()
    {
        var librarian = await LibrarianConsoleAsync("li");
        var patron = await NewPageAsync();
        await patron.GotoAsync(Url(""));
        await patron.GetByTestId("launcher").ClickAsync();
        await patron.GetByTestId("question-input").FillAsync("怎样预约研讨室？");
        await patron.GetByTestId("start-button").ClickAsync();
        await librarian.GetByTestId("waiting-chat").GetByTestId("accept-button").ClickAsync();
        await librarian.GetByTestId("reply-input").FillAsync("在座位预约系统里选择研讨室。");
        await librarian.GetByTestId("send-button").ClickAsync();
        await Expect(patron.Locator("[data-testid=message][data-kind=librarian]")).ToContainTextAsync("座位预约系统");

        await patron.GotoAsync(Url("kb"));
        await patron.GetByTestId("launcher").ClickAsync();
        var messages = patron.Locator("[data-testid=message]");
        await Expect(messages.Filter(new() { HasText = "座位预约系统" })).ToHaveCountAsync(1);
        await Expect(messages.Filter(new() { HasText = "怎样预约研讨室？" })).ToHaveCountAsync(1);
    }
}
