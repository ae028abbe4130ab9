using Ganss.Xss;
using Markdig;

namespace AskLibrary.Knowledge.Markdown;

/// <summary>
/// The one Markdown pipeline for article previews, the widget, the console and the public pages (DESIGN
/// decision 5). Article Markdown is hostile input: raw HTML is not parsed (it comes out as escaped text),
/// and the rendered HTML still goes through an allow-list sanitizer, because Markdown itself can produce
/// dangerous links (javascript:, data:) and a future extension could add others. Built once and shared:
/// both the pipeline and the sanitizer are thread-safe after construction.
/// </summary>
public static class KbMarkdown
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .DisableHtml()
        .UsePipeTables()
        .UseEmphasisExtras()
        .UseListExtras()
        .UseTaskLists()
        .UseAutoLinks()
        .Build();

    private static readonly HtmlSanitizer Sanitizer = CreateSanitizer();

    /// <summary>Safe HTML for display; external links open with rel="noopener noreferrer".</summary>
    public static string ToSafeHtml(string markdown) =>
        Sanitizer.Sanitize(Markdig.Markdown.ToHtml(markdown ?? "", Pipeline));

    /// <summary>Text without markup, for indexing and snippets.</summary>
    public static string ToPlainText(string markdown) =>
        Markdig.Markdown.ToPlainText(markdown ?? "", Pipeline).Trim();

    private static HtmlSanitizer CreateSanitizer()
    {
        var options = new HtmlSanitizerOptions
        {
            AllowedTags = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
            {
                "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "em", "del", "ins", "mark", "sub", "sup",
                "code", "pre", "blockquote", "ul", "ol", "li", "a", "img", "table", "thead", "tbody", "tr", "th", "td", "input",
            },
            AllowedAttributes = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
            {
                "href", "src", "alt", "title", "align", "start", "type", "checked", "disabled", "rel", "target",
            },
            // No data: — an image or link with a data: URI can carry script in some browsers.
            AllowedSchemes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "http", "https", "mailto", "tel" },
            UriAttributes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "href", "src" },
        };
        var sanitizer = new HtmlSanitizer(options);
        sanitizer.PostProcessNode += (_, e) =>
        {
            if (e.Node is AngleSharp.Dom.IElement { TagName: "A" } link && IsExternal(link.GetAttribute("href")))
                link.SetAttribute("rel", "noopener noreferrer");
        };
        return sanitizer;
    }

    private static bool IsExternal(string? href) =>
        href is not null && Uri.TryCreate(href, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https";
}
