using System.Text;
using System.Text.Encodings.Web;
using AskLibrary.Knowledge.Articles;
using AskLibrary.Knowledge.Markdown;
using AskLibrary.Knowledge.Search;

namespace AskLibrary.Knowledge;

/// <summary>
/// The public knowledge-base pages, like a library's FAQ site: /kb (by category, with search),
/// /kb/search?q=, /kb/{id}. Server-rendered, every value HTML-encoded, article bodies only
/// through <see cref="KbMarkdown"/>; only published public articles appear.
/// </summary>
public static class KnowledgePages
{
    // Markup characters are still escaped; Chinese (and every other script) stays readable in the page source
    // and the pages stay small, instead of one &#x…; entity per character.
    private static readonly HtmlEncoder Html = HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);

    public static readonly IReadOnlyDictionary<string, string> CategoryNames = new Dictionary<string, string>
    {
        ["hours"] = "开放时间 Opening hours",
        ["accounts"] = "读者证与账户 Cards and accounts",
        ["borrowing"] = "借阅服务 Borrowing",
        ["e-resources"] = "电子资源 E-resources",
        ["services"] = "读者服务 Services",
        ["spaces"] = "空间与座位 Spaces and seats",
        ["research-support"] = "科研支持 Research support",
        ["collections"] = "馆藏与特藏 Collections",
        ["policies"] = "规章与隐私 Policies and privacy",
    };

    public static IEndpointRouteBuilder MapKnowledgePages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/kb", (KnowledgeService knowledge) => Page("知识库 Knowledge base", Index(knowledge)));
        app.MapGet("/kb/search", (string? q, KnowledgeService knowledge) => Page($"搜索 Search: {q}", Search(knowledge, q ?? "")))
            .RequireRateLimiting(KnowledgeApi.PublicRateLimit);
        app.MapGet("/kb/{id}", (string id, KnowledgeService knowledge) =>
            knowledge.FindPublic(id) is { } article
                ? Page(article.Title, Article(knowledge, article), article.Language)
                : Page("未找到 Not found", "<p>没有这篇文章。No such article.</p><p><a href=\"/kb\">返回知识库 Back to the knowledge base</a></p>", status: StatusCodes.Status404NotFound));
        return app;
    }

    private static string Index(KnowledgeService knowledge)
    {
        var html = new StringBuilder(SearchForm(""));
        var published = knowledge.All.Where(a => knowledge.FindPublic(a.Id) is not null);
        foreach (var group in published.GroupBy(a => a.Category).OrderBy(g => Order(g.Key)))
        {
            html.Append($"<section class=\"kb-category\" id=\"{Html.Encode(group.Key)}\"><h2>{Html.Encode(CategoryName(group.Key))}</h2><ul>");
            foreach (var a in group.OrderBy(a => a.Title, StringComparer.Ordinal))
                html.Append($"<li><a href=\"/kb/{Html.Encode(a.Id)}\">{Html.Encode(a.Title)}</a> <span class=\"kb-summary\">{Html.Encode(a.Summary)}</span></li>");
            html.Append("</ul></section>");
        }
        return html.ToString();
    }

    private static string Search(KnowledgeService knowledge, string query)
    {
        var html = new StringBuilder(SearchForm(query));
        var trimmed = query.Trim();
        if (trimmed.Length == 0)
            return html.ToString();
        var hits = knowledge.Suggest(trimmed.Length > 200 ? trimmed[..200] : trimmed, KbAudienceView.Patron, 20);
        html.Append($"<p class=\"kb-count\" role=\"status\">{hits.Count} 条结果 results</p><ol class=\"kb-results\">");
        foreach (var hit in hits)
            // The snippet is already HTML-escaped text with <mark> around matches (SnippetBuilder).
            html.Append($"<li><a href=\"/kb/{Html.Encode(hit.Id)}\">{Html.Encode(hit.Title)}</a><p>{hit.SnippetHtml}</p></li>");
        html.Append("</ol>");
        if (hits.Count == 0)
            html.Append("<p>没有找到相关文章，欢迎通过页面右下角的“咨询馆员”直接提问。No article matched; ask a librarian with the chat button.</p>");
        return html.ToString();
    }

    private static string Article(KnowledgeService knowledge, KbArticleRecord a)
    {
        var html = new StringBuilder();
        html.Append($"<nav class=\"kb-crumbs\" aria-label=\"breadcrumb\"><a href=\"/kb\">知识库</a> › <a href=\"/kb#{Html.Encode(a.Category)}\">{Html.Encode(CategoryName(a.Category))}</a></nav>");
        html.Append($"<article class=\"kb-article\"><h1>{Html.Encode(a.Title)}</h1>");
        if (a.Summary.Length > 0)
            html.Append($"<p class=\"kb-lead\">{Html.Encode(a.Summary)}</p>");
        html.Append(KbMarkdown.ToSafeHtml(a.Body));
        if (a.Reviewed is { } reviewed)
            html.Append($"<p class=\"kb-reviewed\">内容核对于 Reviewed {Html.Encode(reviewed)}</p>");
        html.Append("</article>");
        var related = a.Related.Select(knowledge.FindPublic).OfType<KbArticleRecord>().ToList();
        if (related.Count > 0)
        {
            html.Append("<aside class=\"kb-related\"><h2>相关文章 Related</h2><ul>");
            foreach (var r in related)
                html.Append($"<li><a href=\"/kb/{Html.Encode(r.Id)}\">{Html.Encode(r.Title)}</a></li>");
            html.Append("</ul></aside>");
        }
        return html.ToString();
    }

    private static string SearchForm(string query) =>
        $"<form class=\"kb-search\" action=\"/kb/search\" method=\"get\" role=\"search\"><label for=\"kb-q\">搜索知识库 Search</label> " +
        $"<input id=\"kb-q\" name=\"q\" type=\"search\" maxlength=\"200\" value=\"{Html.Encode(query)}\"> <button type=\"submit\">搜索 Search</button></form>";

    private static IResult Page(string title, string main, string language = "zh-CN", int status = StatusCodes.Status200OK) => Results.Content($"""
        <!doctype html>
        <html lang="{Html.Encode(language)}">
        <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{Html.Encode(title)} · 图书馆知识库</title><link rel="stylesheet" href="/kb.css"></head>
        <body><header class="kb-header"><a href="/">图书馆首页 Library home</a> · <a href="/kb">知识库 Knowledge base</a></header>
        <main id="main">{main}</main>
        <script src="/dist/widget.js" data-queue="general" async></script>
        </body></html>
        """, "text/html; charset=utf-8", statusCode: status);

    private static string CategoryName(string category) => CategoryNames.GetValueOrDefault(category, category.Length == 0 ? "其他 Other" : category);

    private static int Order(string category) => CategoryNames.Keys.ToList().IndexOf(category) is var i and >= 0 ? i : 99;
}
