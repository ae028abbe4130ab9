namespace AskLibrary.Knowledge.Search;

/// <summary>
/// Where the search analysis finds its language data. The word dictionary comes from a Debian package
/// (installed by scripts/ensure-deps.sh); the small character tables are embedded in the assembly, and the
/// library's own word lists live in kb/ so editors can change them without a rebuild (see docs/search.md).
/// </summary>
public sealed class SearchDataOptions
{
    /// <summary>Word-frequency dictionary (349k words, MIT), Debian package <c>python3-jieba</c>.</summary>
    public string WordDictionaryPath { get; set; } = "/usr/lib/python3/dist-packages/jieba/dict.txt";

    /// <summary>Library terms the general dictionary lacks (e.g. 文献传递), one per line; optional.</summary>
    public string? UserDictionaryPath { get; set; }

    /// <summary>Domain synonyms, one group of equivalents per line; optional, re-read when the file changes.</summary>
    public string? SynonymsPath { get; set; }

    /// <summary>How often the synonyms file's timestamp is checked; an edit applies within this time.</summary>
    public TimeSpan SynonymsCheckInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The kb/ folder's word lists (userdict.txt, synonyms.txt) found by walking up from <paramref name="start"/>;
    /// used by tools and tests that run from a build output folder.
    /// </summary>
    public static SearchDataOptions FromRepository(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            var kb = Path.Combine(dir.FullName, "kb");
            if (File.Exists(Path.Combine(dir.FullName, "AskLibrary.sln")) && Directory.Exists(kb))
            {
                return new SearchDataOptions
                {
                    UserDictionaryPath = Path.Combine(kb, "userdict.txt"),
                    SynonymsPath = Path.Combine(kb, "synonyms.txt"),
                };
            }
        }
        return new SearchDataOptions();
    }
}
