using AskLibrary.Knowledge;
using AskLibrary.Knowledge.Search;

namespace AskLibrary.Tests.Knowledge.Search;

/// <summary>The repository's real word lists (kb/) and the installed dictionary, as the server uses them.</summary>
internal static class SearchTestData
{
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static SearchDataOptions Options { get; } = SearchDataOptions.FromRepository(RepositoryRoot);

    public static ChineseLexicon Lexicon => ChineseLexicon.LoadShared(Options);

    public static ChineseSearchAnalyzer Analyzer(HanTokens han = HanTokens.Words | HanTokens.SubWords) => new(Lexicon, han);

    public static KbArticle Article(string id, string title, string body, params string[] tags) =>
        new(id, title, body) { Tags = tags };

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "AskLibrary.sln"))) return dir.FullName;
        throw new InvalidOperationException("AskLibrary.sln not found above " + AppContext.BaseDirectory);
    }
}
