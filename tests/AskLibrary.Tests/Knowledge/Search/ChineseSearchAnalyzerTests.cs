using AskLibrary.Knowledge.Search;

namespace AskLibrary.Tests.Knowledge.Search;

public class ChineseSearchAnalyzerTests
{
    private static List<string> Terms(string text, HanTokens han = HanTokens.Words | HanTokens.SubWords)
    {
        using var analyzer = SearchTestData.Analyzer(han);
        return analyzer.Analyze(text).Select(t => t.Text).ToList();
    }

    [Fact]
    public void Traditional_characters_are_indexed_as_simplified()
    {
        Assert.Equal(Terms("图书馆几点关门"), Terms("圖書館幾點關門"));
        Assert.Contains("图书馆", Terms("請問圖書館週末開放嗎"));
    }

    [Fact]
    public void Full_width_letters_and_digits_fold_to_ascii()
    {
        var terms = Terms("ＯＰＡＣ检索，借阅上限３０本");
        Assert.Contains("opac", terms);
        Assert.Contains("30", terms);
    }

    [Fact]
    public void Mixed_chinese_and_english_keeps_both_and_stems_english_only()
    {
        var terms = Terms("怎么用EndNote导入知网的references");
        Assert.Contains("endnot", terms);     // Porter stem of "endnote", the same at index and query time
        Assert.Contains("知网", terms);        // from kb/userdict.txt: the general dictionary splits it
        Assert.Contains("导入", terms);
        Assert.Contains("refer", terms);
    }

    [Fact]
    public void Stop_words_are_dropped_but_words_containing_them_stay()
    {
        var terms = Terms("我的目的是借书吗");
        Assert.DoesNotContain("的", terms);
        Assert.DoesNotContain("吗", terms);
        Assert.DoesNotContain("我", terms);
        Assert.Contains("目的", terms);
    }

    [Fact]
    public void Search_mode_emits_the_dictionary_words_inside_a_longer_word()
    {
        var terms = Terms("馆际互借申请");
        Assert.Contains("馆际互借", terms);
        Assert.Contains("互借", terms);
        Assert.Contains("申请", terms);
    }

    [Fact]
    public void Hyphenated_latin_words_also_match_their_joined_spelling()
    {
        var terms = Terms("校园Wi-Fi连不上");
        Assert.Contains("wifi", terms);
        Assert.Contains("wi", terms);
    }

    [Fact]
    public void Offsets_point_into_the_original_traditional_text()
    {
        using var analyzer = SearchTestData.Analyzer();
        const string text = "在家裡怎麼連學校資料庫";
        var library = analyzer.Analyze(text).First(t => t.Text == "学校");
        Assert.Equal("學校", text[library.Start..library.End]);
    }

    [Fact]
    public void Bigrams_and_characters_are_added_when_asked_for()
    {
        var terms = Terms("查重报告", HanTokens.Words | HanTokens.Characters | HanTokens.Bigrams);
        Assert.Contains("查", terms);
        Assert.Contains("重报", terms);
        Assert.Contains("报告", terms);
    }
}
