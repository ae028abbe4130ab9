using AngleSharp.Html.Parser;
using AskLibrary.Knowledge.Markdown;

namespace AskLibrary.Tests.Knowledge.Markdown;

public class KbMarkdownTests
{
    public static TheoryData<string> XssPayloads =>
    [
        "<script>alert(1)</script>",
        "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
        "<img src=x onerror=alert(1)>",
        "<svg/onload=alert(1)>",
        "<iframe src=\"javascript:alert(1)\"></iframe>",
        "<a href=\"javascript:alert(1)\">点我</a>",
        "[点我](javascript:alert(1))",
        "[点我](JaVaScRiPt:alert(1))",
        "[点我](  javascript:alert(1))",
        "[点我](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
        "![x](javascript:alert(1))",
        "[x](vbscript:msgbox(1))",
        "<div style=\"background:url(javascript:alert(1))\">x</div>",
        "<body onload=alert(1)>",
        "<object data=\"javascript:alert(1)\"></object>",
        "<embed src=javascript:alert(1)>",
        "<form action=javascript:alert(1)><button>x</button></form>",
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
        "<<script>script>alert(1)<</script>/script>",
        "`<script>`后面 <details open ontoggle=alert(1)>",
        "<a href=\"https://ok.example\" onclick=\"alert(1)\">ok</a>",
        "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
    ];

    private static readonly string[] ForbiddenElements = ["script", "iframe", "object", "embed", "form", "meta", "svg", "math", "style", "base", "link", "details"];

    /// <summary>
    /// Judged on the parsed result, as a browser would see it: escaped text such as "&amp;lt;a href=javascript:"
    /// is harmless, an element or attribute that runs code is not.
    /// </summary>
    [Theory]
    [MemberData(nameof(XssPayloads))]
    public void Hostile_markdown_renders_without_anything_that_runs(string markdown)
    {
        var document = new HtmlParser().ParseDocument("<body>" + KbMarkdown.ToSafeHtml(markdown) + "</body>");
        foreach (var element in document.Body!.QuerySelectorAll("*"))
        {
            Assert.DoesNotContain(element.LocalName, ForbiddenElements);
            foreach (var attribute in element.Attributes)
            {
                Assert.False(attribute.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase), $"event handler {attribute.Name}");
                Assert.NotEqual("style", attribute.Name);
                if (attribute.Name is "href" or "src")
                    Assert.Matches(@"^(https?:|mailto:|tel:|[^:]*$)", attribute.Value.Trim().ToLowerInvariant());
            }
        }
    }

    [Fact]
    public void Raw_html_is_shown_as_text_not_interpreted()
    {
        var html = KbMarkdown.ToSafeHtml("请看 <b>这里</b>");
        Assert.Contains("&lt;b&gt;", html);
        Assert.DoesNotContain("<b>", html);
    }

    [Fact]
    public void External_links_open_without_referrer_or_opener()
    {
        var html = KbMarkdown.ToSafeHtml("[知网](https://www.cnki.net)");
        Assert.Contains("href=\"https://www.cnki.net\"", html);
        Assert.Contains("rel=\"noopener noreferrer\"", html);
    }

    [Fact]
    public void Ordinary_markdown_keeps_its_formatting()
    {
        var html = KbMarkdown.ToSafeHtml("## 续借\n\n- **在线**续借\n- 电话 `8820 6666`\n\n| 读者 | 册数 |\n|---|---|\n| 本科生 | 20 |");
        Assert.Contains("<h2", html);
        Assert.Contains("<strong>在线</strong>", html);
        Assert.Contains("<code>8820 6666</code>", html);
        Assert.Contains("<table>", html);
    }

    [Fact]
    public void Plain_text_drops_markup()
    {
        Assert.Equal("续借 在线办理", KbMarkdown.ToPlainText("## 续借\n\n**在线**办理").Replace('\n', ' '));
    }
}
