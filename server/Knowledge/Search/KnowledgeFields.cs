using AskLibrary.Knowledge.Markdown;
using Lucene.Net.Documents;

namespace AskLibrary.Knowledge.Search;

/// <summary>Field names of the knowledge index and the mapping from an article to a Lucene document.</summary>
internal static class KnowledgeFields
{
    public const string Id = "id", Title = "title", Tags = "tags", Summary = "summary", Body = "body";
    public const string Category = "category", Language = "language", Status = "status", Audience = "audience";

    public static readonly string[] Searched = [Title, Tags, Summary, Body];

    public static Document ToDocument(KbArticle article) =>
    [
        new StringField(Id, article.Id, Field.Store.YES),
        new TextField(Title, article.Title, Field.Store.YES),
        new TextField(Tags, string.Join("，", article.Tags), Field.Store.YES),
        new TextField(Summary, article.Summary, Field.Store.YES),
        // Stored as plain text so snippets never show Markdown syntax and never need re-rendering.
        new TextField(Body, KbMarkdown.ToPlainText(article.BodyMarkdown), Field.Store.YES),
        new StringField(Category, article.Category, Field.Store.YES),
        new StringField(Language, article.Language, Field.Store.YES),
        new StringField(Status, StatusTerm(article.Status), Field.Store.YES),
        new StringField(Audience, AudienceTerm(article.Audience), Field.Store.YES),
    ];

    public static string StatusTerm(KbStatus status) => status.ToString().ToLowerInvariant();
    public static string AudienceTerm(KbAudience audience) => audience.ToString().ToLowerInvariant();
}
