using Microsoft.Playwright;

namespace AskLibrary.BrowserTests;

/// <summary>
/// Debian's Chromium, driven by Playwright (browser downloads are not possible here, see DESIGN.md
/// decision 4). One browser per test class; each test opens its own contexts.
/// </summary>
public sealed class Browser : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";
    private IPlaywright? _playwright;

    public IBrowser Chromium { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
            throw new InvalidOperationException($"{ChromiumPath} is missing: run ./test.sh, which installs Debian's chromium.");
        _playwright = await Playwright.CreateAsync();
        Chromium = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
        });
    }

    public async Task DisposeAsync()
    {
        if (Chromium is not null)
            await Chromium.CloseAsync();
        _playwright?.Dispose();
    }
}
