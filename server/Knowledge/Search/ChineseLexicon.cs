using System.Diagnostics;

namespace AskLibrary.Knowledge.Search;

/// <summary>
/// The language data every analyzer and query shares: folding table, word dictionary, segmenter and
/// pinyin. Loaded once per process (a singleton in DI) because the dictionary takes ~0.5 s and ~60 MB.
/// </summary>
internal sealed class ChineseLexicon
{
    private ChineseLexicon(CharacterFolding folding, WordFrequencyDictionary words, IReadOnlyDictionary<char, string[]> pinyin)
    {
        Folding = folding;
        Words = words;
        Segmenter = new DagSegmenter(words);
        Pinyin = pinyin;
    }

    public CharacterFolding Folding { get; }
    public WordFrequencyDictionary Words { get; }
    public DagSegmenter Segmenter { get; }

    /// <summary>Toneless readings of a character ("行" → ["xing", "hang"]); absent if unknown.</summary>
    public IReadOnlyDictionary<char, string[]> Pinyin { get; }

    public TimeSpan LoadTime { get; private init; }

    public static ChineseLexicon Load(SearchDataOptions options)
    {
        var clock = Stopwatch.StartNew();
        var dictionaryPath = SearchDataFile.Require(options.WordDictionaryPath, "python3-jieba", nameof(options.WordDictionaryPath));
        var folding = new CharacterFolding(CharacterTables.LoadTraditionalToSimplified());
        var userDictionary = options.UserDictionaryPath is { } p && File.Exists(p) ? p : null;
        var words = WordFrequencyDictionary.Load(dictionaryPath, userDictionary, folding);
        return new ChineseLexicon(folding, words, CharacterTables.LoadPinyin()) { LoadTime = clock.Elapsed };
    }

    private static readonly Lock SharedLock = new();
    private static readonly Dictionary<string, ChineseLexicon> Shared = [];

    /// <summary>
    /// One instance per distinct data configuration for code that has no DI container (tests, the eval
    /// bench), so a test run pays the load once rather than once per test.
    /// </summary>
    public static ChineseLexicon LoadShared(SearchDataOptions options)
    {
        var key = string.Join('|', options.WordDictionaryPath, options.UserDictionaryPath);
        lock (SharedLock)
        {
            if (!Shared.TryGetValue(key, out var lexicon)) Shared[key] = lexicon = Load(options);
            return lexicon;
        }
    }
}
