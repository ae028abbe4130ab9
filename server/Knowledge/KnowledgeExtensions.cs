using AskLibrary.Knowledge.Articles;
using AskLibrary.Knowledge.Search;
using AskLibrary.Storage;

namespace AskLibrary.Knowledge;

public static class KnowledgeExtensions
{
    /// <summary>
    /// The knowledge base: articles in the store, a Lucene index rebuilt from them at start, and the
    /// starter articles of kb/ imported once. The synonyms file editors change lives in the data
    /// directory, seeded from kb/synonyms.txt, so an edit needs no rebuild or redeploy.
    /// </summary>
    public static WebApplicationBuilder AddKnowledgeBase(this WebApplicationBuilder builder)
    {
        var dataDirectory = builder.Configuration.DataDirectory(builder.Environment);
        var repository = SearchDataOptions.FromRepository(builder.Environment.ContentRootPath);
        var synonyms = Path.Combine(dataDirectory, "synonyms.txt");
        if (!File.Exists(synonyms))
        {
            Directory.CreateDirectory(dataDirectory);
            File.WriteAllText(synonyms, repository.SynonymsPath is { } seed && File.Exists(seed) ? File.ReadAllText(seed) : "");
        }
        builder.Configuration["Knowledge:Search:SynonymsPath"] ??= synonyms;
        builder.AddKnowledgeSearch();

        builder.Services.AddOptions<KnowledgeOptions>().BindConfiguration("AskLibrary:Knowledge");
        builder.Services.AddSingleton<KnowledgeService>();
        builder.Services.AddHostedService<KnowledgeInitializer>();
        builder.Services.AddRateLimiter(KnowledgeApi.AddKnowledgeRateLimits);
        return builder;
    }

    public static WebApplication MapKnowledgeBase(this WebApplication app)
    {
        app.MapKnowledgeApi();
        app.MapEditorApi();
        app.MapKnowledgePages();
        return app;
    }

    /// <summary>Imports kb/ and builds the index before the server takes requests.</summary>
    private sealed class KnowledgeInitializer(KnowledgeService knowledge, IWebHostEnvironment environment) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            var import = knowledge.Options.ImportDirectory
                ?? (SearchDataOptions.FromRepository(environment.ContentRootPath).SynonymsPath is { } synonyms
                    ? Path.Combine(Path.GetDirectoryName(synonyms)!, "articles")
                    : null);
            return knowledge.InitializeAsync(import, cancellationToken);
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
