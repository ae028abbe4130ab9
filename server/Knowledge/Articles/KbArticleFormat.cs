using System.Text;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace AskLibrary.Knowledge.Articles;

/// <summary>
/// The kb/ file format (kb/README.md): YAML front matter between "---" lines, then the Markdown body.
/// Read at import, written at export, so an exported folder imports back to the same articles.
/// </summary>
public static class KbArticleFormat
{
    private static readonly IDeserializer Reader = new DeserializerBuilder().IgnoreUnmatchedProperties().Build();
    private static readonly ISerializer Writer = new SerializerBuilder()
        .WithNamingConvention(NullNamingConvention.Instance)
        .ConfigureDefaultValuesHandling(DefaultValuesHandling.OmitNull | DefaultValuesHandling.OmitEmptyCollections)
        .Build();

    public static KbArticleRecord Parse(string text, string fileId)
    {
        text = text.Replace("\r\n", "\n", StringComparison.Ordinal);
        if (!text.StartsWith("---\n", StringComparison.Ordinal))
            throw new FormatException($"{fileId}: the file must start with front matter between '---' lines.");
        var end = text.IndexOf("\n---", 4, StringComparison.Ordinal);
        if (end < 0)
            throw new FormatException($"{fileId}: the front matter is not closed by '---'.");
        var front = Reader.Deserialize<FrontMatter?>(text[4..end]) ?? new FrontMatter();
        var bodyStart = text.IndexOf('\n', end + 4);
        var body = bodyStart < 0 ? "" : text[(bodyStart + 1)..].Trim();
        return new KbArticleRecord
        {
            Id = front.id ?? fileId,
            Title = front.title ?? throw new FormatException($"{fileId}: 'title' is required."),
            Body = body,
            Summary = front.summary ?? "",
            Category = front.category ?? "",
            Tags = front.tags ?? [],
            Language = front.language ?? front.lang ?? KbLanguages.SimplifiedChinese,
            Status = Enum.TryParse<KbStatus>(front.status, ignoreCase: true, out var status) ? status : KbStatus.Published,
            Audience = Enum.TryParse<KbAudience>(front.audience, ignoreCase: true, out var audience) ? audience : KbAudience.Public,
            Related = front.related ?? [],
            Owner = front.owner,
            Reviewed = front.reviewed,
        };
    }

    public static string Write(KbArticleRecord a)
    {
        var front = new FrontMatter
        {
            id = a.Id, title = a.Title, summary = a.Summary, category = a.Category, tags = [.. a.Tags], language = a.Language,
            status = a.Status.ToString().ToLowerInvariant(), audience = a.Audience.ToString().ToLowerInvariant(),
            related = [.. a.Related], owner = a.Owner, reviewed = a.Reviewed,
        };
        return new StringBuilder().Append("---\n").Append(Writer.Serialize(front)).Append("---\n\n").Append(a.Body.Trim()).Append('\n').ToString();
    }

    // Lower-case property names are the file format's keys.
#pragma warning disable IDE1006
    private sealed class FrontMatter
    {
        public string? id { get; set; }
        public string? title { get; set; }
        public string? summary { get; set; }
        public string? category { get; set; }
        public List<string>? tags { get; set; }
        public string? language { get; set; }
        public string? lang { get; set; }
        public string? status { get; set; }
        public string? audience { get; set; }
        public List<string>? related { get; set; }
        public string? owner { get; set; }
        public string? reviewed { get; set; }
    }
#pragma warning restore IDE1006
}
