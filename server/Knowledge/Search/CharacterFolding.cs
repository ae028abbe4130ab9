namespace AskLibrary.Knowledge.Search;

/// <summary>
/// One-to-one character folding applied before segmentation: full-width ASCII → ASCII (ＯＰＡＣ → OPAC),
/// the ideographic space → space, and traditional → simplified (圖書館 → 图书馆). It has to happen before the
/// segmenter, whose dictionary is simplified, and being one-to-one it keeps token offsets valid for snippets.
/// </summary>
internal sealed class CharacterFolding
{
    private readonly char[] _table = new char[char.MaxValue + 1];

    public CharacterFolding(IReadOnlyDictionary<char, char> traditionalToSimplified)
    {
        for (int c = 0; c <= char.MaxValue; c++) _table[c] = (char)c;
        foreach (var (t, s) in traditionalToSimplified) _table[t] = s;
        for (char c = '\uFF01'; c <= '\uFF5E'; c++) _table[c] = (char)(c - 0xFEE0);
        _table['\u3000'] = ' ';
    }

    public char Fold(char c) => _table[c];

    public void FoldInPlace(Span<char> text)
    {
        for (int i = 0; i < text.Length; i++) text[i] = _table[text[i]];
    }

    public string Fold(string text)
    {
        return string.Create(text.Length, (text, this), static (span, state) =>
        {
            state.text.AsSpan().CopyTo(span);
            state.Item2.FoldInPlace(span);
        });
    }
}
