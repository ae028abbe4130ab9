namespace AskLibrary.Knowledge.Articles;

/// <summary>One line of a diff: kept, added or removed.</summary>
public sealed record DiffLine(string Op, string Text);

/// <summary>
/// A line diff by longest common subsequence, enough for article bodies (hundreds of lines). The
/// workbench shows it as a readable before/after of two versions.
/// </summary>
public static class LineDiff
{
    public static IReadOnlyList<DiffLine> Compare(string before, string after)
    {
        var a = before.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var b = after.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var lcs = new int[a.Length + 1, b.Length + 1];
        for (var i = a.Length - 1; i >= 0; i--)
            for (var j = b.Length - 1; j >= 0; j--)
                lcs[i, j] = a[i] == b[j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);

        var lines = new List<DiffLine>();
        int x = 0, y = 0;
        while (x < a.Length && y < b.Length)
        {
            if (a[x] == b[y]) { lines.Add(new("same", a[x])); x++; y++; }
            else if (lcs[x + 1, y] >= lcs[x, y + 1]) lines.Add(new("removed", a[x++]));
            else lines.Add(new("added", b[y++]));
        }
        while (x < a.Length) lines.Add(new("removed", a[x++]));
        while (y < b.Length) lines.Add(new("added", b[y++]));
        return lines;
    }
}
