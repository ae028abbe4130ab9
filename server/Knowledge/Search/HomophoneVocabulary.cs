using System.Collections.Concurrent;
using System.Text;

namespace AskLibrary.Knowledge.Search;

/// <summary>
/// Typo tolerance for pinyin input: patrons pick the wrong character of the right sound (图书管 for 图书馆,
/// 续接 for 续借). The vocabulary holds the Han words that occur in indexed articles, keyed by toneless pinyin.
/// A stretch of the query (2–4 characters) that is not itself a word of the articles, but sounds like one,
/// suggests that word. Limited to words the articles use, so a correction always points at something findable.
/// </summary>
internal sealed class HomophoneVocabulary(IReadOnlyDictionary<char, string[]> pinyin)
{
    private const int MinLength = 2, MaxLength = 4, MaxKeysPerWord = 8;
    private readonly ConcurrentDictionary<string, byte> _words = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, byte>> _bySound = new(StringComparer.Ordinal);

    public int Count => _words.Count;

    public IReadOnlyDictionary<char, string[]> Pinyin => pinyin;

    /// <summary>Adds an indexed term; anything that is not 2–4 Han characters is ignored.</summary>
    public void Add(string term)
    {
        if (term.Length is < MinLength or > MaxLength || !HanScript.IsAllHan(term) || !_words.TryAdd(term, 0)) return;
        foreach (var key in SoundKeys(term))
            _bySound.GetOrAdd(key, _ => new(StringComparer.Ordinal)).TryAdd(term, 0);
    }

    /// <summary>Article words that sound like a stretch of the folded query the articles never use.</summary>
    public List<HomophoneCorrection> CorrectionsFor(string foldedQuery)
    {
        var corrections = new List<HomophoneCorrection>();
        for (int start = 0; start < foldedQuery.Length; start++)
        {
            for (int length = MinLength; length <= MaxLength && start + length <= foldedQuery.Length; length++)
            {
                var window = foldedQuery.Substring(start, length);
                if (!HanScript.IsAllHan(window)) break;
                if (_words.ContainsKey(window)) continue;
                foreach (var key in SoundKeys(window))
                    if (_bySound.TryGetValue(key, out var words))
                        foreach (var word in words.Keys) corrections.Add(new HomophoneCorrection(start, length, word));
            }
        }
        return corrections;
    }

    /// <summary>Toneless pinyin of every reading combination ("行人" → "xing ren", "hang ren"), capped.</summary>
    private List<string> SoundKeys(string word)
    {
        var keys = new List<string> { "" };
        foreach (var c in word)
        {
            if (!pinyin.TryGetValue(c, out var readings)) return [];
            var next = new List<string>();
            foreach (var prefix in keys)
                foreach (var r in readings)
                    if (next.Count < MaxKeysPerWord) next.Add(prefix.Length == 0 ? r : new StringBuilder(prefix).Append(' ').Append(r).ToString());
            keys = next;
        }
        return keys;
    }
}

/// <summary>The query's characters [Start, Start+Length) probably meant <see cref="Word"/>.</summary>
internal readonly record struct HomophoneCorrection(int Start, int Length, string Word);
