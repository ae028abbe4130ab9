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

    /// <summary>
    /// How long a web-first assertion (<c>Expect(...)</c>) retries before failing; the same as the contexts' action
    /// timeout. Playwright's own default of 5 s is shorter than a slow moment of a shared CI machine running both
    /// test assemblies at once, and a test only waits this long when it is about to fail anyway.
    /// </summary>
    public const float AssertionTimeoutMs = 15_000;

    public async Task InitializeAsync()
    {
        Assertions.SetDefaultExpectTimeout(AssertionTimeoutMs);
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
