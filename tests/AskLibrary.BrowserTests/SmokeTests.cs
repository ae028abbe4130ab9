using AskLibrary.Tests.Infrastructure;

namespace AskLibrary.BrowserTests;

public sealed class DemoPageTests(Browser browser) : IClassFixture<Browser>, IAsyncLifetime
{
    private TestApp _app = null!;

    public async Task InitializeAsync() => _app = await TestApp.StartAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task The_sign_in_page_renders_in_chromium()
    {
        var page = await browser.Chromium.NewPageAsync();
        await page.GotoAsync(new Uri(_app.BaseAddress, "staff/login").ToString());
        Assert.Contains("AskLibrary", await page.TitleAsync());
    }
}
