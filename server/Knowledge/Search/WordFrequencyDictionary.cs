using System.Globalization;

namespace AskLibrary.Knowledge.Search;

/// <summary>
/// Chinese words with corpus frequencies (jieba's dict.txt format: "word frequency [part-of-speech]"),
/// plus the library's own terms from an optional user dictionary. Words are folded to simplified so that
/// they match folded text. Looked up by span so segmentation allocates no substrings.
/// </summary>
internal sealed class WordFrequencyDictionary
{
    // A user-dictionary word without a frequency must beat splitting it into common parts;
    // jieba's own high-frequency nouns sit around this value.
    private const long DefaultUserWordFrequency = 20_000;

    private readonly Dictionary<string, long> _frequencies;
    private readonly Dictionary<string, long>.AlternateLookup<ReadOnlySpan<char>> _bySpan;

    public WordFrequencyDictionary(Dictionary<string, long> frequencies)
    {
        _frequencies = frequencies;
        _bySpan = frequencies.GetAlternateLookup<ReadOnlySpan<char>>();
        long total = 0;
        foreach (var (word, freq) in frequencies)
        {
            total += freq;
            MaxWordLength = Math.Max(MaxWordLength, word.Length);
        }
        LogTotal = Math.Log(Math.Max(total, 1));
    }

    public double LogTotal { get; }
    public int MaxWordLength { get; }
    public int Count => _frequencies.Count;

    public long FrequencyOf(ReadOnlySpan<char> word) => _bySpan.TryGetValue(word, out var f) ? f : 0;

    public bool Contains(ReadOnlySpan<char> word) => _bySpan.ContainsKey(word);

    public static WordFrequencyDictionary Load(string path, string? userPath, CharacterFolding folding)
    {
        var frequencies = new Dictionary<string, long>(400_000);
        AddFile(frequencies, path, folding, defaultFrequency: 1);
        if (userPath is not null) AddFile(frequencies, userPath, folding, DefaultUserWordFrequency);
        return new WordFrequencyDictionary(frequencies);
    }

    private static void AddFile(Dictionary<string, long> frequencies, string path, CharacterFolding folding, long defaultFrequency)
    {
        foreach (var line in File.ReadLines(path))
        {
            var span = line.AsSpan().Trim();
            if (span.IsEmpty || span[0] == '#') continue;
            int space = span.IndexOf(' ');
            var word = folding.Fold((space < 0 ? span : span[..space]).ToString());
            // Only all-Han words: Latin words and digits are tokenized separately, never segmented.
            if (!HanScript.IsAllHan(word)) continue;
            long freq = defaultFrequency;
            if (space >= 0)
            {
                var rest = span[(space + 1)..];
                int next = rest.IndexOf(' ');
                if (long.TryParse(next < 0 ? rest : rest[..next], NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
                    freq = Math.Max(parsed, 1);
            }
            // Traditional and simplified spellings of one word fold together; their counts add up.
            frequencies[word] = frequencies.GetValueOrDefault(word) + freq;
        }
    }
}
