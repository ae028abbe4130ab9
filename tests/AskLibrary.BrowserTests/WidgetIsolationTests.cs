using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AskLibrary.BrowserTests;

/// <summary>The widget lives in a Shadow DOM: a hostile host stylesheet cannot break it, and it leaves the page alone.</summary>
public sealed class WidgetIsolationTests(Browser browser) : BrowserTestBase(browser)
{
    private const string HostilePage = """
        <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Hostile host</title>
        <style>
          * { color: red !important; font-size: 3px !important; line-height: 0 !important; }
          div, section, form, button, textarea, input, ol, li, p { display: none !important; visibility: hidden !important; }
          button { width: 1px !important; height: 1px !important; opacity: 0 !important; }
          textarea, input { border: 10px solid lime !important; width: 2px !important; }
          body { margin: 0; font-family: serif; }
          p.host-text { display: block !important; visibility: visible !important; }
        </style></head>
        <body><p class="host-text" id="host-text">Library page text</p>
        <script src="/dist/widget.js" data-queue="general" async></script></body></html>
        """;

    [Fact]
    public async Task The_widget_works_under_a_hostile_host_stylesheet_and_leaves_the_page_unchanged()
    {
        await App.AddStaffAsync("li");
        await using var librarian = await AskLibrary.Tests.Infrastructure.LibrarianClient.ConnectAsync(App, "li");
        var page = await NewPageAsync("en-US");
        await page.RouteAsync("**/hostile.html", route => route.FulfillAsync(new() { ContentType = "text/html", Body = HostilePage }));
        await page.GotoAsync(Url("hostile.html"));
        var hostFontBefore = await page.EvalOnSelectorAsync<string>("#host-text", "e => getComputedStyle(e).fontFamily");

        var launcher = page.GetByTestId("launcher");
        await Expect(launcher).ToBeVisibleAsync();
        var box = await launcher.BoundingBoxAsync();
        Assert.True(box!.Width >= 40 && box.Height >= 40, $"launcher is {box.Width}x{box.Height}");
        await launcher.ClickAsync();

        var question = page.GetByTestId("question-input");
        await Expect(question).ToBeVisibleAsync();
        var size = await question.EvaluateAsync<double[]>("e => [e.getBoundingClientRect().width, parseFloat(getComputedStyle(e).fontSize)]");
        Assert.True(size[0] > 150, $"question box is {size[0]}px wide");
        Assert.True(size[1] >= 12, $"question font is {size[1]}px");
        var color = await question.EvaluateAsync<string>("e => getComputedStyle(e).color");
        Assert.NotEqual("rgb(255, 0, 0)", color);

        // The widget added no style to the page itself.
        Assert.Equal(hostFontBefore, await page.EvalOnSelectorAsync<string>("#host-text", "e => getComputedStyle(e).fontFamily"));
        Assert.Equal(1, await page.EvaluateAsync<int>("() => document.querySelectorAll('style').length"));
    }
}
