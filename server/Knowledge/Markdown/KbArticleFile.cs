using YamlDotNet.Serialization;

namespace AskLibrary.Knowledge.Markdown;

/// <summary>
/// Reads an article file: YAML front matter (id, title, category, tags, lang/language, summary, status,
/// audience) between "---" lines, then the Markdown body. The format of kb/ and of the evaluation corpus.
/// </summary>
public static class KbArticleFile
{
    private static readonly IDeserializer Yaml = new DeserializerBuilder().IgnoreUnmatchedProperties().Build();

    public static KbArticle Read(string path) =>
        Parse(File.ReadAllText(path), Path.GetFileNameWithoutExtension(path));

    public static KbArticle Parse(string text, string fallbackId)
    {
        text = text.Replace("\r\n", "\n");
        var front = new FrontMatter();
        var body = text;
        if (text.StartsWith("---\n", StringComparison.Ordinal))
        {
            int end = text.IndexOf("\n---", 4, StringComparison.Ordinal);
            if (end < 0) throw new FormatException($"Article '{fallbackId}': front matter is not closed by '---'.");
            front = Yaml.Deserialize<FrontMatter?>(text[4..end]) ?? new FrontMatter();
            int bodyStart = text.IndexOf('\n', end + 4);
            body = bodyStart < 0 ? "" : text[(bodyStart + 1)..];
        }
        return new KbArticle(front.Id ?? fallbackId, front.Title ?? fallbackId, body.Trim())
        {
            Summary = front.Summary ?? "",
            Category = front.Category ?? "",
            Tags = front.Tags ?? [],
            Language = front.Language ?? front.Lang ?? KbLanguages.SimplifiedChinese,
            Status = Enum.TryParse<KbStatus>(front.Status, ignoreCase: true, out var s) ? s : KbStatus.Published,
            Audience = Enum.TryParse<KbAudience>(front.Audience, ignoreCase: true, out var a) ? a : KbAudience.Public,
        };
    }

    private sealed class FrontMatter
    {
        [YamlMember(Alias = "id")] public string? Id { get; set; }
        [YamlMember(Alias = "title")] public string? Title { get; set; }
        [YamlMember(Alias = "summary")] public string? Summary { get; set; }
        [YamlMember(Alias = "category")] public string? Category { get; set; }
        [YamlMember(Alias = "tags")] public List<string>? Tags { get; set; }
        [YamlMember(Alias = "lang")] public string? Lang { get; set; }
        [YamlMember(Alias = "language")] public string? Language { get; set; }
        [YamlMember(Alias = "status")] public string? Status { get; set; }
        [YamlMember(Alias = "audience")] public string? Audience { get; set; }
    }
}
