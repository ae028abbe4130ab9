using System.Globalization;
using AskLibrary.Patrons;

namespace AskLibrary.Reports;

/// <summary>
/// The library-CRM reports: topics (chats per tag), the READ scale, offline questions answered on time, and patron
/// segments over time. Weeks run Monday to Sunday in the report time zone, cut to the period (the first and last
/// week may be shorter); a week row is named by its first day in the period.
/// </summary>
public static class CrmReports
{
    public static (IReadOnlyList<ReportMeasure>, IReadOnlyList<string>, IReadOnlyList<IReadOnlyList<object?>>) Topics(TopicCounts counts)
    {
        var rows = counts.Tags.OrderByDescending(t => t.Chats).ThenBy(t => t.Tag, StringComparer.Ordinal)
            .Select(t => (IReadOnlyList<object?>)[t.Tag, t.Chats, ChatReports.Rate(t.Chats, counts.Chats)])
            .ToList();
        return ([new("chats", counts.Chats), new("tagged", counts.Tagged), new("taggedShare", ChatReports.Rate(counts.Tagged, counts.Chats)),
                 new("tags", counts.Tags.Count)],
            ["tag", "chats", "share"], rows);
    }

    public static (IReadOnlyList<ReportMeasure>, IReadOnlyList<string>, IReadOnlyList<IReadOnlyList<object?>>) ReadScale(ReadScaleCounts counts)
    {
        var levels = counts.Levels.SelectMany(l => Enumerable.Repeat((double)l.Level, l.Chats)).Order().ToList();
        var rows = Enumerable.Range(1, 6)
            .Select(level => (IReadOnlyList<object?>)[level, counts.Levels.Where(l => l.Level == level).Sum(l => l.Chats),
                ChatReports.Rate(counts.Levels.Where(l => l.Level == level).Sum(l => l.Chats), levels.Count)])
            .ToList();
        return ([new("answered", counts.Answered), new("rated", levels.Count), new("ratedShare", ChatReports.Rate(levels.Count, counts.Answered)),
                 new("mean", Distribution.Mean(levels, 2)), new("median", Distribution.Percentile(levels, 0.5))],
            ["level", "chats", "share"], rows);
    }

    /// <summary>
    /// Per week of creation: answered on time (first answer at or before the due date), late, overdue (no answer, not
    /// closed, due date passed by now), not yet due, closed without an answer, and no due date.
    /// </summary>
    public static (IReadOnlyList<ReportMeasure>, IReadOnlyList<string>, IReadOnlyList<IReadOnlyList<object?>>) OfflineOnTime(
        IReadOnlyList<TicketFacts> tickets, ReportPeriod period, DateTimeOffset now)
    {
        var weeks = Weeks(period);
        var counts = weeks.ToDictionary(w => w.First, _ => new int[7]);
        foreach (var ticket in tickets)
        {
            var day = DateOnly.FromDateTime(period.ToLocal(ticket.CreatedAt).DateTime);
            var week = counts[weeks.Last(w => w.First <= day).First];
            week[0]++;
            week[1 + (int)Outcome(ticket, now)]++;
        }
        var rows = weeks.Select(w => (IReadOnlyList<object?>)[Iso(w.First), .. counts[w.First].Cast<object?>()]).ToList();
        int Total(TicketOutcome o) => counts.Values.Sum(c => c[1 + (int)o]);
        int onTime = Total(TicketOutcome.OnTime), late = Total(TicketOutcome.Late), overdue = Total(TicketOutcome.Overdue);
        return ([new("tickets", tickets.Count), new("onTime", onTime), new("late", late), new("overdue", overdue),
                 new("onTimeRate", ChatReports.Rate(onTime, onTime + late + overdue))],
            ["week", "tickets", "onTime", "late", "overdue", "notYetDue", "closedUnanswered", "noDueDate"], rows);
    }

    public enum TicketOutcome { OnTime, Late, Overdue, NotYetDue, ClosedUnanswered, NoDueDate }

    public static TicketOutcome Outcome(TicketFacts t, DateTimeOffset now) =>
        t.DueAt is not { } due ? TicketOutcome.NoDueDate
        : t.FirstAnswerAt is { } answered ? (answered <= due ? TicketOutcome.OnTime : TicketOutcome.Late)
        : t.Closed ? TicketOutcome.ClosedUnanswered
        : due < now ? TicketOutcome.Overdue
        : TicketOutcome.NotYetDue;

    public static readonly Segment[] SegmentOrder = [Segment.New, Segment.Occasional, Segment.Growing, Segment.LongTerm, Segment.Lapsed];

    /// <summary>
    /// Patrons in each segment at the end of each week (or now, if that is earlier): every visitor who had started a
    /// chat by then, classified by <see cref="Segmentation"/> from the chats they had started by then.
    /// </summary>
    public static (IReadOnlyList<ReportMeasure>, IReadOnlyList<string>, IReadOnlyList<IReadOnlyList<object?>>) Segments(
        IReadOnlyList<PatronChat> visits, IReadOnlyList<PatronChat> firstChats, ReportPeriod period, DateTimeOffset now, SegmentOptions options)
    {
        var byVisitor = visits.GroupBy(v => v.VisitorId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(v => v.At).Order().ToList(), StringComparer.Ordinal);
        var rows = new List<IReadOnlyList<object?>>();
        var last = new int[SegmentOrder.Length];
        foreach (var week in Weeks(period))
        {
            var end = (period with { From = week.First, To = week.Last }).End;
            var asOf = end < now ? end : now;
            var counts = new int[SegmentOrder.Length];
            foreach (var patron in firstChats.Where(f => f.At < asOf))
            {
                var history = byVisitor.GetValueOrDefault(patron.VisitorId) ?? [];
                var scores = Segmentation.Score(history.TakeWhile(at => at < asOf).Select(at => new ChatVisit(at, null)), asOf, options);
                counts[Array.IndexOf(SegmentOrder, Segmentation.Classify(scores, options))]++;
            }
            rows.Add([Iso(week.First), Iso(DateOnly.FromDateTime(period.ToLocal(asOf).AddTicks(-1).DateTime)), .. counts.Cast<object?>(), counts.Sum()]);
            last = counts;
        }
        return ([new("patrons", last.Sum()), .. SegmentOrder.Select((s, i) => new ReportMeasure(ColumnOf(s), last[i]))],
            ["week", "through", .. SegmentOrder.Select(ColumnOf), "patrons"], rows);
    }

    /// <summary>The first chat the segments need: a window before the period's first day.</summary>
    public static DateTimeOffset VisitsSince(ReportPeriod period, SegmentOptions options) => period.Start.AddDays(-options.WindowDays);

    private static string ColumnOf(Segment s) => s == Segment.LongTerm ? "longTerm" : s.ToString().ToLowerInvariant();

    /// <summary>Monday-to-Sunday weeks cut to the period, first day and last day of each.</summary>
    public static IReadOnlyList<(DateOnly First, DateOnly Last)> Weeks(ReportPeriod period)
    {
        var weeks = new List<(DateOnly, DateOnly)>();
        for (var first = period.From; first <= period.To;)
        {
            var sunday = first.AddDays((7 - (int)first.DayOfWeek) % 7);
            var last = sunday < period.To ? sunday : period.To;
            weeks.Add((first, last));
            first = last.AddDays(1);
        }
        return weeks;
    }

    private static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
