namespace AskLibrary.Knowledge.Search;

/// <summary>Token types the tokenizer marks, so queries can weigh a whole-word match above a character match.</summary>
internal static class TokenTypes
{
    public const string Word = "word";          // a dictionary segment of Han text (or a lone unknown character)
    public const string SubWord = "subword";    // a dictionary word inside a longer word (图书 in 图书馆)
    public const string Character = "char";     // one Han character of a longer word
    public const string Bigram = "bigram";      // two adjacent Han characters
    public const string Latin = "latin";        // letters/digits of any non-Han script
    public const string JoinedLatin = "joined"; // "wi-fi" spelled as one word ("wifi"); hyphens removed by the filter

    public static bool IsLatin(string type) => type is Latin or JoinedLatin;
}

/// <summary>Which Han tokens the tokenizer emits; the variants measured in docs/search.md.</summary>
[Flags]
public enum HanTokens
{
    None = 0,
    Words = 1,
    SubWords = 2,
    Characters = 4,
    Bigrams = 8,
}
