namespace AskLibrary.Tests.Knowledge.Search;

public class DagSegmenterTests
{
    private static List<string> Words(string text)
    {
        var lengths = SearchTestData.Lexicon.Segmenter.Segment(text);
        var words = new List<string>();
        int at = 0;
        foreach (var length in lengths) { words.Add(text.Substring(at, length)); at += length; }
        return words;
    }

    [Fact]
    public void Picks_the_most_probable_cut_of_a_real_sentence()
    {
        Assert.Equal(["研究生", "借书", "上限", "是", "多少"], Words("研究生借书上限是多少"));
    }

    [Fact]
    public void Library_terms_from_the_user_dictionary_stay_whole()
    {
        Assert.Contains("文献传递", Words("申请文献传递多久能收到"));
    }

    [Fact]
    public void Concatenation_of_the_words_is_the_input()
    {
        const string text = "期末考试周图书馆有没有通宵自习的地方";
        Assert.Equal(text, string.Concat(Words(text)));
    }
}
