namespace AskLibrary.Knowledge.Search;

internal static class HanScript
{
    /// <summary>CJK unified ideographs (basic, extension A) and compatibility ideographs: what the segmenter handles.</summary>
    public static bool IsHan(char c) =>
        c is (>= '\u4E00' and <= '\u9FFF') or (>= '\u3400' and <= '\u4DBF') or (>= '\uF900' and <= '\uFAFF') or '\u3007';

    public static bool IsAllHan(ReadOnlySpan<char> text)
    {
        foreach (var c in text) if (!IsHan(c)) return false;
        return text.Length > 0;
    }
}
