using System.Net;
using System.Text;

namespace AskLibrary.Email;

/// <summary>The HTML part of an email, built only from encoded text: paragraphs and line breaks, nothing from the input is markup.</summary>
public static class SafeHtml
{
    public static string Document(string title, IEnumerable<(string? Label, string Text)> blocks)
    {
        var html = new StringBuilder("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>")
            .Append(WebUtility.HtmlEncode(title)).Append("</title></head><body style=\"font-family:sans-serif\">");
        foreach (var (label, text) in blocks)
        {
            html.Append("<p>");
            if (label is not null)
                html.Append("<strong>").Append(WebUtility.HtmlEncode(label)).Append("</strong><br>");
            html.Append(string.Join("<br>", text.ReplaceLineEndings("\n").Split('\n').Select(WebUtility.HtmlEncode)));
            html.Append("</p>");
        }
        return html.Append("</body></html>").ToString();
    }
}
