using System.Text.RegularExpressions;
using AskLibrary.Chat.Contracts;
using AskLibrary.Tests.Infrastructure;
using Microsoft.Playwright;

namespace AskLibrary.BrowserTests;

/// <summary>A fresh server (real clock) per test, and helpers to act as a patron or a librarian in Chromium.</summary>
public abstract class BrowserTestBase(Browser browser) : IClassFixture<Browser>, IAsyncLifetime
{
    private readonly List<IBrowserContext> _contexts = [];

    protected TestApp App { get; private set; } = null!;

    protected virtual Dictionary<string, string?>? Settings => null;

    public async Task InitializeAsync()
    {
        await BeforeStartAsync();
        App = await TestApp.StartAsync(settings: Settings);
    }

    /// <summary>Runs before the app starts, e.g. to start an SMTP server whose port goes into <see cref="Settings"/>.</summary>
    protected virtual Task BeforeStartAsync() => Task.CompletedTask;

    protected virtual Task AfterStopAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var context in _contexts)
            await context.CloseAsync();
        await App.DisposeAsync();
        await AfterStopAsync();
    }

    protected string Url(string path) => new Uri(App.BaseAddress, path).ToString();

    /// <summary>axe-core found no serious or critical violation; the message names each one and where it is.</summary>
    protected static void AssertNoSeriousViolations(Deque.AxeCore.Commons.AxeResult result, string where)
    {
        var serious = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(serious.Count == 0, $"{where}: " + string.Join("; ", serious.Select(v => $"{v.Id} ({v.Impact}): {string.Join(", ", v.Nodes.Select(n => n.Target?.ToString()))}")));
    }

    /// <summary>
    /// The page's address ends with <paramref name="suffix"/>, polled as other assertions are. Not WaitForURLAsync: when
    /// the page is already at the address, that waits for the page's load event, which may have come and gone; in a
    /// fresh clone's CI run (2026-12-05) it ran out after 15 s with the console loaded ("NetworkIdle" event fired).
    /// </summary>
    protected static Task ExpectAddressEndsWithAsync(IPage page, string suffix) =>
        Microsoft.Playwright.Assertions.Expect(page).ToHaveURLAsync(new Regex(Regex.Escape(suffix) + "$"));

    /// <summary>A page in its own browser context (own cookies and storage), like a separate person's browser.</summary>
    protected async Task<IPage> NewPageAsync(string? locale = null)
    {
        var context = await browser.Chromium.NewContextAsync(new BrowserNewContextOptions { Locale = locale ?? "zh-CN" });
        context.SetDefaultTimeout(Browser.AssertionTimeoutMs);
        _contexts.Add(context);
        return await context.NewPageAsync();
    }

    /// <summary>Creates a librarian and signs them in to the console through the sign-in form.</summary>
    protected async Task<IPage> LibrarianConsoleAsync(string userName, string role = "librarian")
    {
        await App.AddStaffAsync(userName, role);
        var page = await NewPageAsync();
        await page.GotoAsync(Url("staff/login"));
        await page.FillAsync("#username", userName);
        await page.FillAsync("#password", userName + "-password");
        await page.ClickAsync("button[type=submit]");
        // The sign-in has redirected once the console's address is the page's; what the tests need of the page is
        // awaited below and by their own locators.
        await ExpectAddressEndsWithAsync(page, "/staff/");
        // The page is up before its hub connection is, and until the server has the librarian on duty a patron's
        // StartChat finds the queue closed (queue_offline), which made tests that start a chat at once fail now and
        // then. So wait for both sides: the console shows them available, and the server's router has the general
        // queue open (one full run still found it closed after the console showed just some presence).
        if (role == "librarian")
        {
            await Microsoft.Playwright.Assertions.Expect(page.Locator("#presence-select[data-presence=available]")).ToHaveCountAsync(1);
            await App.WaitUntilAsync(async chat => (await chat.GetQueueStatusAsync("general")).Availability == QueueAvailability.Open);
        }
        return page;
    }
}
