namespace AskLibrary.Knowledge.Search;

public static class KnowledgeSearchExtensions
{
    /// <summary>
    /// Registers the <see cref="KnowledgeIndex"/> singleton. Settings under "Knowledge:Search" (see
    /// <see cref="SearchDataOptions"/>); without them, the word lists are the repository's kb/ folder and the
    /// index lives in memory, to be filled by <see cref="KnowledgeIndex.Rebuild"/> from the store at start.
    /// "Knowledge:Search:IndexPath" keeps it on disk instead.
    /// </summary>
    public static IHostApplicationBuilder AddKnowledgeSearch(this IHostApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection("Knowledge:Search");
        var data = SearchDataOptions.FromRepository(builder.Environment.ContentRootPath);
        section.Bind(data);
        // Fail at start, with the package to install, rather than on the first patron question.
        SearchDataFile.Require(data.WordDictionaryPath, "python3-jieba", nameof(data.WordDictionaryPath));
        builder.Services.AddSingleton(data);
        builder.Services.AddSingleton(_ => section["IndexPath"] is { Length: > 0 } path
            ? KnowledgeIndex.Open(path, data)
            : KnowledgeIndex.CreateInMemory(data));
        return builder;
    }
}
