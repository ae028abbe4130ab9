using System.Text.Json;
using System.Text.Json.Serialization;
using AskLibrary.Knowledge.Markdown;

namespace AskLibrary.Knowledge.Search;

/// <summary>One evaluation query: what a patron typed and the articles that answer it, best first.</summary>
public sealed record EvaluationQuery([property: JsonPropertyName("q")] string Query, [property: JsonPropertyName("relevant")] string[] Relevant);

/// <summary>Figures in the format of shared/eval/README.md.</summary>
public sealed record EvaluationResult(
    [property: JsonPropertyName("queries")] int Queries,
    [property: JsonPropertyName("mrr@10")] double Mrr10,
    [property: JsonPropertyName("recall@1")] double Recall1,
    [property: JsonPropertyName("recall@3")] double Recall3,
    [property: JsonPropertyName("recall@5")] double Recall5);

/// <summary>
/// Ranks a corpus folder for a queries file through the product's own index and search (no separate
/// evaluation copy of the ranking), so the figures describe what patrons get.
/// </summary>
public static class RetrievalEvaluation
{
    public static IReadOnlyList<EvaluationQuery> ReadQueries(string path) =>
        File.ReadLines(path)
            .Where(line => !string.IsNullOrWhiteSpace(line))
            .Select(line => JsonSerializer.Deserialize<EvaluationQuery>(line)
                ?? throw new FormatException($"Not a query: {line}"))
            .ToList();

    public static IReadOnlyList<KbArticle> ReadCorpus(string directory) =>
        Directory.EnumerateFiles(directory, "*.md").Order(StringComparer.Ordinal).Select(KbArticleFile.Read).ToList();

    /// <param name="onQuery">Called with each query, its ranked ids and the rank of the first relevant one (0 if none).</param>
    public static EvaluationResult Run(KnowledgeIndex index, IReadOnlyList<EvaluationQuery> queries,
        Action<EvaluationQuery, IReadOnlyList<string>, int>? onQuery = null)
    {
        double reciprocalRanks = 0;
        int at1 = 0, at3 = 0, at5 = 0;
        foreach (var query in queries)
        {
            var ranked = index.Rank(query.Query, top: 10, KbSearchFilter.StaffView).Articles.Select(h => h.Id).ToList();
            int rank = ranked.FindIndex(id => query.Relevant.Contains(id)) + 1;
            if (rank > 0) reciprocalRanks += 1.0 / rank;
            if (rank is > 0 and <= 1) at1++;
            if (rank is > 0 and <= 3) at3++;
            if (rank is > 0 and <= 5) at5++;
            onQuery?.Invoke(query, ranked, rank);
        }
        double n = Math.Max(queries.Count, 1);
        return new EvaluationResult(queries.Count,
            Math.Round(reciprocalRanks / n, 3), Math.Round(at1 / n, 3), Math.Round(at3 / n, 3), Math.Round(at5 / n, 3));
    }
}
