using AskLibrary.Knowledge;
using AskLibrary.Knowledge.Search;
using static AskLibrary.Tests.Knowledge.Search.SearchTestData;

namespace AskLibrary.Tests.Knowledge.Search;

/// <summary>
/// MaxScore pruning skips postings, never answers: on the starter knowledge base, spread over several segments
/// with deletions, drafts and staff-only articles, every query ranks the same articles with the same scores as
/// the full Lucene query on the same searcher.
/// </summary>
public sealed class MaxScoreSearchTests : IDisposable
{
    private readonly KnowledgeIndex _index = KnowledgeIndex.CreateInMemory(Options);
    private readonly List<KbArticle> _articles = RetrievalEvaluation.ReadCorpus(Path.Combine(RepositoryRoot, "kb", "articles")).ToList();

    public MaxScoreSearchTests()
    {
        // Every fifth article a draft, every seventh for staff only: the patron view must leave them out.
        var varied = _articles.Select((a, i) => a with
        {
            Status = i % 5 == 4 ? KbStatus.Draft : a.Status,
            Audience = i % 7 == 6 ? KbAudience.Staff : a.Audience,
        }).ToList();
        _index.Rebuild(varied.Take(varied.Count / 2));
        // One segment per upsert, and replaced and deleted articles left behind in the first segment.
        foreach (var article in varied.Skip(varied.Count / 2)) _index.Upsert(article);
        foreach (var article in varied.Take(6)) _index.Upsert(article with { Title = article.Title + "（修订）" });
        foreach (var article in varied.Skip(6).Take(3)) _index.Delete(article.Id);
    }

    public void Dispose() => _index.Dispose();

    [Fact]
    public void Pruned_search_ranks_exactly_like_the_full_query()
    {
        Assert.True(_articles.Count >= 50, "the starter knowledge base has at least 50 articles");
        int compared = 0;
        foreach (var query in Queries())
            foreach (var filter in new[] { KbSearchFilter.PatronView, KbSearchFilter.StaffView })
                foreach (var top in new[] { 1, 3, 10, 100 })
                {
                    var (actual, expected) = _index.RankBothWays(query, top, filter);
                    AssertSameRanking(query, expected, actual);
                    compared += expected.Count;
                }
        Assert.True(compared > 1000, $"only {compared} ranked articles compared");
    }

    [Fact]
    public void Pruned_search_respects_the_view()
    {
        var staffOnly = _articles[6 + 7];   // index 13: i % 7 == 6, not deleted
        var query = staffOnly.Title;
        Assert.DoesNotContain(_index.Rank(query, 100).Articles, a => a.Id == staffOnly.Id);
        Assert.Contains(_index.Rank(query, 100, KbSearchFilter.StaffView).Articles, a => a.Id == staffOnly.Id);
        Assert.DoesNotContain(_index.Rank(_articles[7].Title, 100, KbSearchFilter.StaffView).Articles, a => a.Id == _articles[7].Id);
    }

    /// <summary>What patrons type: titles, tags, the start of summaries, and prefixes of them, as the widget sends while typing.</summary>
    private IEnumerable<string> Queries()
    {
        foreach (var article in _articles)
        {
            yield return article.Title;
            yield return article.Title[..Math.Max(1, article.Title.Length / 2)];
            yield return string.Join(' ', article.Tags);
            if (article.Summary.Length > 0) yield return article.Summary[..Math.Min(article.Summary.Length, 40)];
        }
        yield return "how do I renew a book online";
        yield return "圖書館幾點開門";
        yield return "打引机在几楼";
    }

    private static void AssertSameRanking(string query, IReadOnlyList<KbRankedArticle> expected, IReadOnlyList<KbRankedArticle> actual)
    {
        Assert.True(expected.Count == actual.Count, $"'{query}': {actual.Count} articles instead of {expected.Count}");
        for (int i = 0; i < expected.Count; i++)
        {
            // The same sums of floats in another order: equal up to rounding. Articles of equal score (one-byte length
            // norms make ties common) may therefore come in either order, and one may replace the other at the cut.
            float tolerance = 1e-5f * Math.Max(1f, expected[i].Score);
            Assert.True(Math.Abs(expected[i].Score - actual[i].Score) <= tolerance,
                $"'{query}' #{i + 1}: {actual[i].Id} scores {actual[i].Score}, {expected[i].Id} {expected[i].Score}");
        }
        foreach (var missing in expected.ExceptBy(actual.Select(a => a.Id), e => e.Id))
            Assert.True(Math.Abs(missing.Score - expected[^1].Score) <= 1e-5f * Math.Max(1f, missing.Score),
                $"'{query}': {missing.Id} ({missing.Score}) missing, and it is not tied at the cut ({expected[^1].Score})");
    }
}
