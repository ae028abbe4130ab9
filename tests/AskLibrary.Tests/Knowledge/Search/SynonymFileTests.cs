using AskLibrary.Knowledge.Search;
using static AskLibrary.Tests.Knowledge.Search.SearchTestData;

namespace AskLibrary.Tests.Knowledge.Search;

public sealed class SynonymFileTests : IDisposable
{
    private readonly string _synonyms = Path.GetTempFileName();

    public void Dispose() => File.Delete(_synonyms);

    private KnowledgeIndex IndexWithSynonyms(string lines)
    {
        File.WriteAllText(_synonyms, lines);
        var index = KnowledgeIndex.CreateInMemory(new SearchDataOptions
        {
            UserDictionaryPath = Options.UserDictionaryPath,
            SynonymsPath = _synonyms,
            SynonymsCheckInterval = TimeSpan.Zero,
        });
        index.Rebuild([Article("vpn", "校外访问电子资源", "在校外使用数据库，请先连接学校的VPN。")]);
        return index;
    }

    [Fact]
    public void English_question_finds_chinese_article_through_a_synonym()
    {
        using var index = IndexWithSynonyms("校外访问, remote access, off campus");
        Assert.Equal("vpn", index.Search("remote access to databases").Single().Id);
    }

    [Fact]
    public void Edited_synonyms_apply_to_the_next_query_without_reindexing()
    {
        using var index = IndexWithSynonyms("# nothing yet\n");
        Assert.Empty(index.Search("翻墙"));
        File.WriteAllText(_synonyms, "VPN, 翻墙\n");
        File.SetLastWriteTimeUtc(_synonyms, File.GetLastWriteTimeUtc(_synonyms).AddSeconds(1));
        Assert.Equal("vpn", index.Search("翻墙").Single().Id);
    }

    [Fact]
    public void English_members_match_whole_words_not_stems()
    {
        using var index = IndexWithSynonyms("校外访问, access\n");
        Assert.Empty(index.Search("accessibility"));
    }
}
