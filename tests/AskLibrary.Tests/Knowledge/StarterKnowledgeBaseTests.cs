using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AskLibrary.Knowledge;
using AskLibrary.Tests.Infrastructure;

namespace AskLibrary.Tests.Knowledge;

/// <summary>The repository's kb/ folder, imported at first start, once, without ever overwriting an editor's change.</summary>
public sealed class StarterKnowledgeBaseTests : ChatTestBase
{
    private static readonly string Articles = Path.Combine(RepoPaths.Root, "kb", "articles");

    protected override Dictionary<string, string?> Settings => new() { ["AskLibrary:Knowledge:ImportDirectory"] = Articles };

    [Fact]
    public async Task The_starter_articles_are_imported_once_and_an_edited_article_survives_a_restart()
    {
        var files = Directory.GetFiles(Articles, "*.md").Length;
        Assert.True(files >= 40, $"kb/articles holds {files} articles");
        await App.AddStaffAsync("ed", "editor");
        var (editor, _, token) = await LibrarianClient.SignInAsync(App, "ed", "ed-password");
        var list = await editor.GetFromJsonAsync<List<JsonElement>>("api/editor/articles");
        Assert.Equal(files, list!.Count);

        var first = list.First(a => a.GetProperty("status").GetString() == "published").GetProperty("id").GetString()!;
        var article = await editor.GetFromJsonAsync<JsonElement>($"api/editor/articles/{first}");
        var edit = new HttpRequestMessage(HttpMethod.Put, $"api/editor/articles/{first}")
        {
            Content = JsonContent.Create(new { title = "Edited title", body = article.GetProperty("body").GetString(), version = article.GetProperty("version").GetInt32() }),
            Headers = { { "RequestVerificationToken", token } },
        };
        Assert.Equal(HttpStatusCode.OK, (await editor.SendAsync(edit)).StatusCode);

        await App.RestartAsync();
        using var anonymous = App.CreateHttpClient();
        var after = await anonymous.GetFromJsonAsync<JsonElement>($"api/kb/articles/{first}");
        Assert.Equal("Edited title", after.GetProperty("title").GetString());
        var (again, _, _) = await LibrarianClient.SignInAsync(App, "ed", "ed-password");
        Assert.Equal(files, (await again.GetFromJsonAsync<List<JsonElement>>("api/editor/articles"))!.Count);
    }

    [Theory]
    [InlineData("图书怎么续借", "borrowing")]
    [InlineData("在校外怎么访问知网", "e-resources")]
    [InlineData("圖書館幾點開門", "hours")]
    public async Task Patron_questions_find_starter_articles_of_the_right_topic(string question, string category)
    {
        using var http = App.CreateHttpClient();
        var suggestions = await http.GetFromJsonAsync<List<KbSuggestionView>>($"api/kb/suggest?q={Uri.EscapeDataString(question)}");
        Assert.NotEmpty(suggestions!);
        var top = await http.GetFromJsonAsync<JsonElement>($"api/kb/articles/{suggestions![0].Id}");
        Assert.Equal(category, top.GetProperty("category").GetString());
    }

    private sealed record KbSuggestionView(string Id, string Title);
}
