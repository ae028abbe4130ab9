using System.ComponentModel.DataAnnotations;

namespace AskLibrary.Patrons;

/// <summary>
/// The thresholds of the patron segments (AskLibrary:Segments). An admin changes them in configuration; the
/// rules are in docs/crm.md and <see cref="Segmentation.Classify"/>.
/// </summary>
public sealed class SegmentOptions
{
    /// <summary>The window the scores are computed over, ending now.</summary>
    [Range(7, 3650)]
    public int WindowDays { get; set; } = 365;

    /// <summary>No chat for this long: lapsed.</summary>
    [Range(1, 3650)]
    public int LapsedAfterDays { get; set; } = 120;

    /// <summary>Long-term: at least this many chats in the window…</summary>
    [Range(1, 1000)]
    public int LongTermMinChats { get; set; } = 6;

    /// <summary>…spread over at least this many days between the first and the last.</summary>
    [Range(0, 3650)]
    public int LongTermMinSpanDays { get; set; } = 90;

    /// <summary>Growing: at least this many chats in the recent period.</summary>
    [Range(1, 1000)]
    public int GrowingMinRecentChats { get; set; } = 2;

    [Range(1, 3650)]
    public int RecentDays { get; set; } = 60;
}

public enum Segment { New, Occasional, Growing, LongTerm, Lapsed }

/// <summary>Recency (days since the last chat), frequency (chats in the window) and effort (minutes in chats in the window).</summary>
public sealed record PatronScores(int? RecencyDays, int Frequency, double EffortMinutes, int RecentChats, int SpanDays);

/// <summary>One finished or open chat as the segmentation sees it.</summary>
public sealed record ChatVisit(DateTimeOffset At, TimeSpan? Duration);

public static class Segmentation
{
    public static PatronScores Score(IEnumerable<ChatVisit> visits, DateTimeOffset now, SegmentOptions options)
    {
        var inWindow = visits.Where(v => v.At <= now && v.At > now.AddDays(-options.WindowDays)).OrderBy(v => v.At).ToList();
        if (inWindow.Count == 0)
            return new PatronScores(null, 0, 0, 0, 0);
        var recent = inWindow.Count(v => v.At > now.AddDays(-options.RecentDays));
        var effort = inWindow.Sum(v => v.Duration is { } d && d > TimeSpan.Zero ? d.TotalMinutes : 0);
        return new PatronScores(
            (int)(now - inWindow[^1].At).TotalDays,
            inWindow.Count,
            Math.Round(effort, 1),
            recent,
            (int)(inWindow[^1].At - inWindow[0].At).TotalDays);
    }

    /// <summary>
    /// First match wins: no chat in the window → new; last chat older than LapsedAfterDays → lapsed; enough chats
    /// spread over enough time → long-term; enough recent chats → growing; otherwise occasional.
    /// </summary>
    public static Segment Classify(PatronScores s, SegmentOptions o) =>
        s.Frequency == 0 ? Segment.New
        : s.RecencyDays > o.LapsedAfterDays ? Segment.Lapsed
        : s.Frequency >= o.LongTermMinChats && s.SpanDays >= o.LongTermMinSpanDays ? Segment.LongTerm
        : s.RecentChats >= o.GrowingMinRecentChats ? Segment.Growing
        : Segment.Occasional;
}
