using System.Net.Http.Json;
using System.Text.Json;
using AskLibrary.Chat.Contracts;
using AskLibrary.Patrons;
using AskLibrary.Tests.Infrastructure;
using Deque.AxeCore.Playwright;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AskLibrary.BrowserTests;

/// <summary>
/// A librarian accepts a chat from a returning patron and sees, beside it, the patron's profile: segment, previous
/// conversation (its transcript opens read-only), timeline; marks a key patron; and finds the rating the patron just
/// gave under "My ratings".
/// </summary>
public sealed class PatronProfileConsoleTests(Browser browser) : BrowserTestBase(browser)
{
    [Fact]
    public async Task The_librarian_sees_a_returning_patrons_profile_beside_the_chat_and_the_rating_under_my_ratings()
    {
        var console = await LibrarianConsoleAsync("li");
        await using var patron = await PatronClient.ConnectAsync(App);

        // The first visit: accepted and ended in the console, then rated by the patron.
        var first = await patron.StartChatAsync("Where is the thesis room?", patron: new PatronDetails("Zhang Wei", "zw@example.edu.cn", "2020001"));
        await console.GetByTestId("waiting-chat").GetByTestId("accept-button").ClickAsync();
        await Expect(console.GetByTestId("chat-pane")).ToHaveAttributeAsync("data-conversation-id", first.ConversationId);
        await console.GetByTestId("end-chat-button").ClickAsync();
        await patron.Updates.WaitAsync(s => s.ConversationId == first.ConversationId && s.State == ConversationState.Closed, "the first chat closed");
        await patron.Hub.InvokeAsync("RateChat", first.ConversationId, 5, "Wonderful <b>help</b>");

        // The patron comes back.
        var second = await patron.StartChatAsync("Can I borrow a laptop?");
        await console.GetByTestId("waiting-chat").GetByTestId("accept-button").ClickAsync();
        var pane = console.Locator($"[data-testid=chat-pane][data-conversation-id={second.ConversationId}]");
        var profile = pane.GetByTestId("profile-panel");
        await Expect(profile.GetByTestId("profile-segment")).ToHaveAttributeAsync("data-segment", "growing");
        await Expect(profile.GetByTestId("profile-segment")).ToContainTextAsync("成长型");
        await Expect(profile).ToContainTextAsync("zw@example.edu.cn");
        var earlier = profile.Locator($"[data-testid=profile-history-row][data-conversation-id={first.ConversationId}]");
        await Expect(earlier).ToContainTextAsync("Where is the thesis room?");
        await Expect(profile.Locator("[data-testid=timeline-entry][data-kind=rating]")).ToContainTextAsync("Wonderful <b>help</b>"); // text, not markup
        await Expect(profile.GetByTestId("timeline-entry")).ToHaveCountAsync(3); // chat, rating, chat

        // Key patron: toggled in the console, stored on the visitor record.
        await profile.GetByTestId("key-patron-toggle").CheckAsync();
        await Expect(profile).ToHaveAttributeAsync("data-key-patron", "true");
        var visitors = App.Services.GetRequiredService<IVisitorStore>();
        Assert.True((await visitors.FindAsync(patron.Visitor.VisitorId, CancellationToken.None))?.KeyPatron);

        // The previous conversation opens read-only in a dialog; Escape closes it.
        await earlier.ClickAsync();
        var dialog = console.GetByTestId("transcript-dialog");
        await Expect(dialog.Locator("[data-testid=message][data-kind=patron]")).ToContainTextAsync("Where is the thesis room?");
        AssertNoSeriousViolations(await console.RunAxe(), "console, transcript dialog");
        await console.Keyboard.PressAsync("Escape");
        await Expect(dialog).ToBeHiddenAsync();

        // The panel collapses and expands with the keyboard.
        var toggle = profile.GetByTestId("profile-toggle");
        await toggle.FocusAsync();
        await console.Keyboard.PressAsync("Enter");
        await Expect(toggle).ToHaveAttributeAsync("aria-expanded", "false");
        await Expect(profile.GetByTestId("profile-segment")).ToBeHiddenAsync();
        await console.Keyboard.PressAsync("Enter");
        await Expect(profile.GetByTestId("profile-segment")).ToBeVisibleAsync();
        AssertNoSeriousViolations(await console.RunAxe(), "console, chat with the profile panel");

        // My ratings: the rating the patron just gave, with the averages.
        await console.GetByTestId("ratings-tab").ClickAsync();
        var row = console.Locator($"[data-testid=ratings-row][data-conversation-id={first.ConversationId}]");
        await Expect(row).ToContainTextAsync("Wonderful <b>help</b>");
        await Expect(console.GetByTestId("ratings-my-average")).ToHaveTextAsync("5.00");
        await Expect(console.GetByTestId("ratings-service-average")).ToHaveTextAsync("5.00");
        await Expect(console.Locator("[data-testid=ratings-score-row][data-score='5'] td").Nth(1)).ToHaveTextAsync("1");
        AssertNoSeriousViolations(await console.RunAxe(), "console, my ratings");
        await row.GetByTestId("ratings-open").ClickAsync();
        await Expect(dialog.Locator("[data-testid=message][data-kind=patron]")).ToContainTextAsync("Where is the thesis room?");

        // Every look at patron data is on record.
        var (admin, _, _) = await LibrarianClient.SignInAsync(App, "admin", TestApp.AdminPassword);
        var audit = await admin.GetFromJsonAsync<JsonElement>("api/admin/audit");
        var actions = audit.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("action").GetString()).ToList();
        Assert.Contains("patron.viewed", actions);
        Assert.Contains("patron.key_patron_set", actions);
        Assert.Equal(2, actions.Count(a => a == "transcript.viewed"));
        Assert.Contains("ratings.viewed", actions);
    }

    [Fact]
    public async Task On_a_narrow_screen_the_profile_starts_folded_and_opens_with_the_keyboard()
    {
        var console = await LibrarianConsoleAsync("li");
        await console.SetViewportSizeAsync(720, 900);
        await using var patron = await PatronClient.ConnectAsync(App);
        var chat = await patron.StartChatAsync("First time here: do you have study rooms?");
        await console.GetByTestId("waiting-chat").GetByTestId("accept-button").ClickAsync();

        var profile = console.Locator($"[data-testid=chat-pane][data-conversation-id={chat.ConversationId}]").GetByTestId("profile-panel");
        var toggle = profile.GetByTestId("profile-toggle");
        await Expect(toggle).ToHaveAttributeAsync("aria-expanded", "false");
        await Expect(profile.GetByTestId("profile-segment")).ToBeHiddenAsync();
        await toggle.FocusAsync();
        await console.Keyboard.PressAsync("Space");
        await Expect(toggle).ToHaveAttributeAsync("aria-expanded", "true");
        // The chat in progress is the only one: one chat makes an occasional user, with no earlier conversations.
        await Expect(profile.GetByTestId("profile-segment")).ToHaveAttributeAsync("data-segment", "occasional");
        await Expect(profile.GetByTestId("profile-history-row")).ToHaveCountAsync(0);
        await Expect(profile.GetByTestId("timeline-entry")).ToHaveCountAsync(1);
        AssertNoSeriousViolations(await console.RunAxe(), "narrow console, profile panel");
    }
}
