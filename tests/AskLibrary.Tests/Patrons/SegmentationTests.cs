using AskLibrary.Patrons;

namespace AskLibrary.Tests.Patrons;

/// <summary>Recency, frequency and effort on crafted histories, and the segment each history falls into.</summary>
public sealed class SegmentationTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly SegmentOptions Options = new();

    private static ChatVisit DaysAgo(double days, double minutes = 10) => new(Now.AddDays(-days), TimeSpan.FromMinutes(minutes));

    [Fact]
    public void Scores_count_only_the_window_and_add_up_the_minutes()
    {
        var scores = Segmentation.Score([DaysAgo(400, 99), DaysAgo(200, 12), DaysAgo(30, 8), DaysAgo(3, 5.5)], Now, Options);
        Assert.Equal(new PatronScores(RecencyDays: 3, Frequency: 3, EffortMinutes: 25.5, RecentChats: 2, SpanDays: 197), scores);
    }

    [Fact]
    public void A_chat_still_open_counts_no_effort_and_the_future_is_ignored()
    {
        var scores = Segmentation.Score([new ChatVisit(Now.AddMinutes(-5), null), new ChatVisit(Now.AddDays(1), TimeSpan.FromHours(1))], Now, Options);
        Assert.Equal(new PatronScores(0, 1, 0, 1, 0), scores);
    }

    public static TheoryData<string, double[], Segment> Histories => new()
    {
        { "never chatted in the window", [400], Segment.New },
        { "one question a month ago", [30], Segment.Occasional },
        { "two questions this month: growing", [25, 2], Segment.Growing },
        { "six chats over half a year, the last a week ago", [180, 150, 120, 60, 30, 7], Segment.LongTerm },
        { "six chats but all within a month: still growing", [28, 21, 14, 10, 5, 1], Segment.Growing },
        { "a regular who has not come back for five months", [300, 250, 200, 180, 170, 150], Segment.Lapsed },
        { "last chat exactly at the lapse limit stays", [120], Segment.Occasional },
        { "one day past the limit lapses", [121], Segment.Lapsed },
    };

    [Theory]
    [MemberData(nameof(Histories))]
    public void Each_history_falls_into_its_documented_segment(string history, double[] daysAgo, Segment expected)
    {
        var scores = Segmentation.Score(daysAgo.Select(d => DaysAgo(d)), Now, Options);
        Assert.True(expected == Segmentation.Classify(scores, Options), $"{history}: {scores} → {Segmentation.Classify(scores, Options)}");
    }

    [Fact]
    public void An_admin_can_move_the_thresholds()
    {
        var strict = new SegmentOptions { LongTermMinChats = 10 };
        var scores = Segmentation.Score(new double[] { 180, 150, 120, 60, 30, 7 }.Select(d => DaysAgo(d)), Now, strict);
        Assert.Equal(Segment.Growing, Segmentation.Classify(scores, strict)); // two chats in the last 60 days
        Assert.Equal(Segment.LongTerm, Segmentation.Classify(scores, Options));
    }
}
