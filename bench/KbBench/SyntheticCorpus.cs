using AskLibrary.Knowledge;
using AskLibrary.Knowledge.Articles;

namespace AskLibrary.Bench.KbBench;

/// <summary>
/// Knowledge bases of any size made from real article text: the starter articles (kb/articles) and the
/// evaluation corpus come first, unchanged; the rest are new articles recombined from their paragraphs,
/// titles, summaries and tags, each within one language so a Chinese article never gets English paragraphs.
/// Seeded, so every run and both systems see the same articles.
/// </summary>
internal sealed class SyntheticCorpus
{
    private static readonly string[] ChineseTitleForms = ["{0}", "{0}（{1}）", "关于{1}的说明", "{1}与{2}", "{0}：{1}常见问题", "{2}须知"];
    private static readonly string[] EnglishTitleForms = ["{0}", "{0} ({1})", "About {1}", "{1} and {2}", "{0}: {1} FAQ", "{2}: what to know"];

    private readonly IReadOnlyList<KbArticle> _sources;
    private readonly Dictionary<string, LanguagePool> _pools;

    private sealed record LanguagePool(List<string> Paragraphs, List<string> Sentences, List<string> Tags);

    public SyntheticCorpus(IReadOnlyList<KbArticle> sources)
    {
        _sources = sources;
        _pools = sources.GroupBy(a => a.Language).ToDictionary(g => g.Key, g => new LanguagePool(
            g.SelectMany(a => Paragraphs(a.BodyMarkdown)).Distinct().ToList(),
            g.SelectMany(a => Sentences(a.Summary)).Concat(g.SelectMany(a => Paragraphs(a.BodyMarkdown).SelectMany(Sentences))).Distinct().ToList(),
            g.SelectMany(a => a.Tags).Distinct().ToList()));
    }

    public int SourceCount => _sources.Count;

    public int ParagraphCount => _pools.Values.Sum(p => p.Paragraphs.Count);

    /// <summary>The first <paramref name="count"/> articles: the real ones in a seeded order, then recombined ones.</summary>
    public List<KbArticleRecord> Take(int count, int seed = 20261202)
    {
        var random = new Random(seed);
        var articles = _sources.OrderBy(_ => random.Next()).Take(count).Select(ToRecord).ToList();
        for (int i = articles.Count; i < count; i++)
            articles.Add(Recombine(i, random));
        return articles;
    }

    private KbArticleRecord Recombine(int number, Random random)
    {
        var seed = _sources[random.Next(_sources.Count)];
        var pool = _pools[seed.Language];
        var tags = Enumerable.Range(0, random.Next(2, 6)).Select(_ => Pick(pool.Tags, random)).Distinct().ToList();
        var forms = seed.Language == KbLanguages.English ? EnglishTitleForms : ChineseTitleForms;
        var title = string.Format(System.Globalization.CultureInfo.InvariantCulture, Pick(forms, random),
            seed.Title, Pick(pool.Tags, random), Pick(pool.Tags, random));
        var body = Paragraphs(seed.BodyMarkdown).Take(1)
            .Concat(Enumerable.Range(0, random.Next(2, 7)).Select(_ => Pick(pool.Paragraphs, random)));
        return new KbArticleRecord
        {
            Id = $"syn-{number:D6}",
            Title = title,
            Body = string.Join("\n\n", body),
            Summary = Pick(pool.Sentences, random),
            Category = seed.Category,
            Tags = tags,
            Language = seed.Language,
            Status = KbStatus.Published,
            Audience = KbAudience.Public,
        };
    }

    private static KbArticleRecord ToRecord(KbArticle a) => new()
    {
        Id = a.Id,
        Title = a.Title,
        Body = a.BodyMarkdown,
        Summary = a.Summary,
        Category = a.Category,
        Tags = a.Tags,
        Language = a.Language,
        Status = KbStatus.Published,
        Audience = KbAudience.Public,
    };

    private static T Pick<T>(IReadOnlyList<T> items, Random random) => items[random.Next(items.Count)];

    private static IEnumerable<string> Paragraphs(string markdown) =>
        markdown.Replace("\r\n", "\n").Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(p => p.Length >= 8);

    private static IEnumerable<string> Sentences(string text) =>
        text.Split(['。', '！', '？', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .SelectMany(s => s.Split(". ", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Where(s => s.Length >= 6 && !s.StartsWith('#') && !s.StartsWith('|'))
            .Select(s => s.TrimStart('-', '*', ' ', '1', '2', '3', '4', '5', '6', '7', '8', '9', '.'));
}
