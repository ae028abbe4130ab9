using AskLibrary.Chat;
using AskLibrary.Chat.Contracts;
using AskLibrary.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
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
        await page.WaitForURLAsync(url => url.EndsWith("/staff/", StringComparison.Ordinal));
        // The page is up before its hub connection is. A librarian's console shows their presence from the snapshot
        // the hub sends after the server has put them on duty; until then a patron's StartChat would find the queue
        // closed (queue_offline), which made tests that start a chat right away fail now and then.
        // Both sides of it: the console shows them available, and the server's router has them on duty for the general
        // queue (a full run once still found it closed right after the console showed a presence).
        if (role == "librarian")
        {
            await Microsoft.Playwright.Assertions.Expect(page.Locator("#presence-select[data-presence=available]")).ToHaveCountAsync(1);
            await WaitUntilOnDutyAsync("general");
        }
        return page;
    }

    private async Task WaitUntilOnDutyAsync(string queueId)
    {
        var chat = App.Services.GetRequiredService<ChatService>();
        for (var clock = System.Diagnostics.Stopwatch.StartNew(); clock.Elapsed < TimeSpan.FromMilliseconds(Browser.AssertionTimeoutMs);)
        {
            if ((await chat.GetQueueStatusAsync(queueId)).Availability == QueueAvailability.Open)
                return;
            await Task.Delay(50);
        }
        Assert.Fail($"The librarian's console is up, but the {queueId} queue still has nobody on duty.");
    }
}
