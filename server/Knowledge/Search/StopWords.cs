using Lucene.Net.Analysis.Util;

namespace AskLibrary.Knowledge.Search;

/// <summary>
/// Words that carry no topic in a patron's question. Without this list a query full of 的/吗/怎么 matches
/// every article that uses them (a typical miss of the baseline analyzers). Applied after segmentation, so
/// only whole tokens are dropped: 的 goes, 目的 stays. Question words go too ("怎么办", "how"), because
/// articles answer rather than ask.
/// </summary>
internal static class StopWords
{
    private static readonly string[] Chinese =
    [
        "的", "地", "得", "了", "着", "过", "吗", "吧", "呢", "啊", "呀", "哦", "嘛", "么", "哈", "啦", "喔", "哇", "嗯",
        "是", "在", "有", "和", "与", "及", "或", "或者", "还是", "也", "都", "就", "还", "又", "很", "太", "更", "最",
        "这", "那", "这个", "那个", "这些", "那些", "这样", "那样", "这里", "那里", "哪", "哪个", "哪些",
        "我", "你", "您", "他", "她", "它", "我们", "你们", "他们", "她们", "咱们", "自己", "大家",
        "什么", "怎么", "怎样", "怎么样", "怎么办", "如何", "为什么", "为何", "是否", "是不是", "有没有", "能不能", "可不可以",
        "请问", "请", "问", "问下", "问一下", "想问", "想问下", "一下", "谢谢", "你好", "您好", "老师", "同学",
        "吗", "呢", "一个", "一些", "个", "把", "被", "给", "让", "对", "向", "从", "到", "于", "为", "以", "而", "但", "但是",
        "如果", "因为", "所以", "然后", "那么", "就是", "只是", "不过", "而且", "并且",
    ];

    private static readonly string[] English =
    [
        "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "if", "in", "into", "is", "it", "no", "not",
        "of", "on", "or", "such", "that", "the", "their", "then", "there", "these", "they", "this", "to", "was",
        "will", "with", "i", "me", "my", "we", "our", "you", "your", "he", "she", "his", "her", "its", "s",
        "do", "does", "did", "can", "could", "would", "should", "may", "might", "how", "what", "where", "when",
        "which", "who", "why", "please", "hi", "hello", "thanks", "am", "have", "has", "any", "some",
    ];

    public static CharArraySet Set { get; } =
        new CharArraySet(ChineseSearchAnalyzer.Version, Chinese.Concat(English).ToList(), ignoreCase: true).AsReadOnly();
}
