using AskLibrary.Knowledge.Markdown;
using Lucene.Net.Documents;

namespace AskLibrary.Knowledge.Search;

/// <summary>Field names of the knowledge index and the mapping from an article to a Lucene document.</summary>
internal static class KnowledgeFields
{
    public const string Id = "id", Title = "title", Tags = "tags", Summary = "summary", Body = "body";
    public const string Category = "category", Language = "language", Status = "status", Audience = "audience";

    public static readonly string[] Searched = [Title, Tags, Summary, Body];

    public static Document ToDocument(AnalyzedArticle analyzed)
    {
        var article = analyzed.Article;
        var document = new Document
        {
            new StringField(Id, article.Id, Field.Store.YES),
            new StringField(Category, article.Category, Field.Store.YES),
            new StringField(Language, article.Language, Field.Store.YES),
            new StringField(Status, StatusTerm(article.Status), Field.Store.YES),
            new StringField(Audience, AudienceTerm(article.Audience), Field.Store.YES),
        };
        foreach (var field in analyzed.Fields)
        {
            // Indexed from the terms already analysed, stored as the text they came from.
            document.Add(new TextField(field.Name, new AnalyzedTokenStream(field.Terms, field.Text.Length)));
            document.Add(new StoredField(field.Name, field.Text));
        }
        return document;
    }

    public static string StatusTerm(KbStatus status) => status.ToString().ToLowerInvariant();
    public static string AudienceTerm(KbAudience audience) => audience.ToString().ToLowerInvariant();
}

/// <summary>An article's searched fields as plain text with their terms: each article is analysed once per write.</summary>
internal sealed record AnalyzedField(string Name, string Text, List<AnalyzedTerm> Terms);

internal sealed record AnalyzedArticle(KbArticle Article, AnalyzedField Title, AnalyzedField Tags, AnalyzedField Summary, AnalyzedField Body)
{
    public IEnumerable<AnalyzedField> Fields => [Title, Tags, Summary, Body];

    public static AnalyzedArticle Analyze(KbArticle article, ChineseSearchAnalyzer analyzer)
    {
        AnalyzedField Field(string name, string text) => new(name, text, analyzer.Analyze(text));
        return new AnalyzedArticle(article,
            Field(KnowledgeFields.Title, article.Title),
            Field(KnowledgeFields.Tags, string.Join("，", article.Tags)),
            Field(KnowledgeFields.Summary, article.Summary),
            // Stored as plain text so snippets never show Markdown syntax and never need re-rendering.
            Field(KnowledgeFields.Body, KbMarkdown.ToPlainText(article.BodyMarkdown)));
    }
}
