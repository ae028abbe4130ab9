using System.Net;
using System.Net.Http.Json;
using AskLibrary.Chat.Contracts;

namespace AskLibrary.Tests.Infrastructure;

/// <summary>Requests the CRM tests make around the knowledge base: an editor's article, a patron's feedback event.</summary>
public static class KbRequests
{
    /// <summary>A published zh-CN article for <c>POST api/editor/articles</c>.</summary>
    public static object Article(string id, string title) =>
        new { id, title, body = "登录“我的图书馆”，点击续借。", summary = "", category = "borrowing", tags = Array.Empty<string>(), language = "zh-CN", status = "published", audience = "public" };

    /// <summary>What the widget posts when a suggestion is shown, opened or judged.</summary>
    public static async Task FeedbackAsync(TestApp app, VisitorSession visitor, string articleId, string kind)
    {
        using var http = app.CreateHttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/kb/feedback") { Content = JsonContent.Create(new { articleId, kind, query = "续借" }) };
        request.Headers.Authorization = new("Bearer", visitor.Token);
        Assert.Equal(HttpStatusCode.NoContent, (await http.SendAsync(request)).StatusCode);
    }
}
