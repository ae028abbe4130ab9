using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AskLibrary.BrowserTests;

/// <summary>axe-core finds no serious or critical violation in the widget (inside its shadow root) or the console.</summary>
public sealed class AccessibilityTests(Browser browser) : BrowserTestBase(browser)
{
    [Fact]
    public async Task The_widget_and_the_console_have_no_serious_accessibility_violations_during_a_chat()
    {
        var librarian = await LibrarianConsoleAsync("li");
        AssertNoSeriousViolations(await librarian.RunAxe(), "console, empty");

        var patron = await NewPageAsync();
        await patron.GotoAsync(Url(""));
        await patron.GetByTestId("launcher").ClickAsync();
        await Expect(patron.GetByTestId("question-input")).ToBeVisibleAsync();
        AssertNoSeriousViolations(await patron.RunAxe(), "widget, question screen");

        await patron.GetByTestId("question-input").FillAsync("Accessibility check");
        await patron.GetByTestId("start-button").ClickAsync();
        await librarian.GetByTestId("waiting-chat").GetByTestId("accept-button").ClickAsync();
        await librarian.GetByTestId("reply-input").FillAsync("Hello");
        await librarian.GetByTestId("send-button").ClickAsync();
        await Expect(patron.Locator("[data-testid=message][data-kind=librarian]")).ToBeVisibleAsync();
        AssertNoSeriousViolations(await patron.RunAxe(), "widget, chatting");
        AssertNoSeriousViolations(await librarian.RunAxe(), "console, chatting");
    }

    [Fact]
    public async Task The_widget_is_usable_with_the_keyboard_alone()
    {
        await LibrarianConsoleAsync("li");
        var patron = await NewPageAsync();
        await patron.GotoAsync(Url(""));
        await patron.GetByTestId("launcher").FocusAsync();
        await patron.Keyboard.PressAsync("Enter");
        await Expect(patron.GetByTestId("question-input")).ToBeFocusedAsync();
        await patron.Keyboard.TypeAsync("Keyboard only question");
        var start = patron.GetByTestId("start-button");
        for (var i = 0; i < 10 && !await start.EvaluateAsync<bool>("e => e.getRootNode().activeElement === e"); i++)
            await patron.Keyboard.PressAsync("Tab");
        await patron.Keyboard.PressAsync("Enter");
        await Expect(patron.GetByTestId("status")).ToBeVisibleAsync();
        await patron.Keyboard.PressAsync("Escape");
        await Expect(patron.GetByTestId("panel")).ToBeHiddenAsync();
    }
}
