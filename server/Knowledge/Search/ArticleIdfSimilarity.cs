using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;

namespace AskLibrary.Knowledge.Search;

/// <summary>
/// BM25 for each field, but without the field's own IDF: the query builder weights each term by one IDF taken
/// over whole articles instead (the BM25F idea). Per-field IDF misjudges a knowledge base about a library:
/// 图书馆 is in nearly every body, so it is cheap there, but in few titles, so a title match on it outscored
/// the article that actually answered the question.
/// </summary>
internal sealed class ArticleIdfSimilarity : BM25Similarity
{
    public override Explanation IdfExplain(CollectionStatistics collectionStats, TermStatistics termStats) =>
        new(1f, "idf applied per article by the query builder");

    public override Explanation IdfExplain(CollectionStatistics collectionStats, TermStatistics[] termStats) =>
        new(1f, "idf applied per article by the query builder");
}
