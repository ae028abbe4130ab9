using System.Security.Cryptography;

namespace AskLibrary.Chat;

/// <summary>
/// Server-issued ids: a short prefix that says what it names, then 16 random base-32 characters (conversations,
/// knowledge-base questions and audit entries: the time they were made first, see <see cref="Ordered"/>).
/// </summary>
public static class Ids
{
    private const string Alphabet = "abcdefghijkmnpqrstuvwxyz23456789";

    public static string New(string prefix) =>
        prefix + "_" + RandomNumberGenerator.GetString(Alphabet, 16);

    // The same 32 characters in ASCII order, so that the time part sorts as the time does.
    private static readonly string SortedAlphabet = string.Concat(Alphabet.Order());

    /// <summary>
    /// An id that sorts by the time it was made: the prefix, 9 characters of <paramref name="at"/> in milliseconds since
    /// 1970 (base 32, in ASCII order), then 16 random characters as in <see cref="New"/>. For records stored in an index
    /// by their id whose recent ones are the busy ones (conversations, and the logs written as they go: knowledge-base
    /// questions, the audit): their entries, and those of everything keyed by them, sit together at the index's end
    /// instead of all over it, so a commit writes one leaf there instead of a random one (docs/storage.md).
    /// </summary>
    public static string Ordered(string prefix, DateTimeOffset at)
    {
        Span<char> time = stackalloc char[9];
        var ms = (ulong)Math.Max(0, at.ToUnixTimeMilliseconds());
        for (var i = time.Length - 1; i >= 0; i--, ms >>= 5)
            time[i] = SortedAlphabet[(int)(ms & 31)];
        return prefix + "_" + new string(time) + RandomNumberGenerator.GetString(Alphabet, 16);
    }
}
