using AskLibrary.Chat.Contracts;

namespace AskLibrary.Reports;

/// <summary>
/// The chat reports, each one pass over the period's <see cref="ConversationFacts"/> (created in the period,
/// in the queue if one is chosen). Days and hours are those of the report time zone.
/// Answered = a librarian accepted it; abandoned = state abandoned; missed = ended without any librarian ever accepting it.
/// </summary>
public static class ChatReports
{
    public static readonly string[] DayNames = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

    public static (IReadOnlyList<ReportMeasure>, IReadOnlyList<string>, IReadOnlyList<IReadOnlyList<object?>>) HourOfWeek(
        IReadOnlyList<ConversationFacts> facts, ReportPeriod period)
    {
        var cells = new int[7, 24];
        foreach (var c in facts)
        {
            var local = period.ToLocal(c.CreatedAt);
            cells[((int)local.DayOfWeek + 6) % 7, local.Hour]++;
        }
        var rows = new List<IReadOnlyList<object?>>();
        var peak = 0;
        for (var day = 0; day < 7; day++)
        {
            var row = new List<object?> { DayNames[day] };
            for (var hour = 0; hour < 24; hour++)
            {
                row.Add(cells[day, hour]);
                peak = Math.Max(peak, cells[day, hour]);
            }
            rows.Add(row);
        }
        return ([new("chats", facts.Count), new("peakCell", peak)],
            ["day", .. Enumerable.Range(0, 24).Select(h => h.ToString("00", System.Globalization.CultureInfo.InvariantCulture))], rows);
    }

    public static (IReadOnlyList<ReportMeasure>, IReadOnlyList<string>, IReadOnlyList<IReadOnlyList<object?>>) Volume(
        IReadOnlyList<ConversationFacts> facts, ReportPeriod period)
    {
        var byDay = period.Days().ToDictionary(d => d, _ => new int[4]);
        foreach (var c in facts)
        {
            var counts = byDay[DateOnly.FromDateTime(period.ToLocal(c.CreatedAt).DateTime)];
            counts[0]++;
            if (c.AcceptedAt is not null) counts[1]++;
            if (c.State == ConversationState.Abandoned) counts[2]++;
            if (IsMissed(c)) counts[3]++;
        }
        var rows = byDay.OrderBy(d => d.Key)
            .Select(d => (IReadOnlyList<object?>)[d.Key.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), d.Value[0], d.Value[1], d.Value[2], d.Value[3]])
            .ToList();
        return ([new("chats", facts.Count), new("answered", facts.Count(c => c.AcceptedAt is not null)),
                 new("abandoned", facts.Count(c => c.State == ConversationState.Abandoned)), new("missed", facts.Count(IsMissed))],
            ["date", "chats", "answered", "abandoned", "missed"], rows);
    }

    /// <summary>Chats that ended (closed or abandoned) without a librarian ever accepting them.</summary>
    public static bool IsMissed(ConversationFacts c) =>
        c.AcceptedAt is null && c.State is ConversationState.Closed or ConversationState.Abandoned;

    public static (IReadOnlyList<ReportMeasure>, IReadOnlyList<string>, IReadOnlyList<IReadOnlyList<object?>>) Outcomes(
        IReadOnlyList<ConversationFacts> facts)
    {
        var rows = facts.GroupBy(c => c.QueueId, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (IReadOnlyList<object?>)[g.Key, g.Count(), g.Count(c => c.AcceptedAt is not null),
                g.Count(c => c.State == ConversationState.Abandoned), g.Count(IsMissed), g.Count(c => c.State is ConversationState.Waiting or ConversationState.Active)])
            .ToList();
        int abandoned = facts.Count(c => c.State == ConversationState.Abandoned), missed = facts.Count(IsMissed);
        // How long patrons waited before giving up (creation to abandonment, chats nobody had accepted).
        var gaveUpAfter = facts.Where(c => c.State == ConversationState.Abandoned && c.AcceptedAt is null && c.ClosedAt is not null)
            .Select(c => Seconds(c.ClosedAt!.Value - c.CreatedAt)).Order().ToList();
        return ([new("chats", facts.Count), new("answered", facts.Count(c => c.AcceptedAt is not null)),
                 new("abandoned", abandoned), new("missed", missed),
                 new("open", facts.Count(c => c.State is ConversationState.Waiting or ConversationState.Active)),
                 new("abandonedRate", Rate(abandoned, facts.Count)), new("missedRate", Rate(missed, facts.Count)),
                 new("abandonedAfterP50Seconds", Distribution.Percentile(gaveUpAfter, 0.5)),
                 new("abandonedAfterP90Seconds", Distribution.Percentile(gaveUpAfter, 0.9))],
            ["queue", "chats", "answered", "abandoned", "missed", "open"], rows);
    }

    /// <summary>Wait = creation to first acceptance, over the chats a librarian accepted.</summary>
    public static IReadOnlyList<double> Waits(IReadOnlyList<ConversationFacts> facts) =>
        facts.Where(c => c.AcceptedAt is not null).Select(c => Seconds(c.AcceptedAt!.Value - c.CreatedAt)).Order().ToList();

    /// <summary>First response = first acceptance to the librarian's first message, over the chats that got one.</summary>
    public static IReadOnlyList<double> FirstResponses(IReadOnlyList<ConversationFacts> facts) =>
        facts.Where(c => c.AcceptedAt is not null && c.FirstResponseAt is not null)
            .Select(c => Seconds(c.FirstResponseAt!.Value - c.AcceptedAt!.Value)).Order().ToList();

    /// <summary>Duration = creation to close, over the chats a librarian accepted and that are closed.</summary>
    public static IReadOnlyList<double> Durations(IReadOnlyList<ConversationFacts> facts) =>
        facts.Where(c => c.State == ConversationState.Closed && c.AcceptedAt is not null && c.ClosedAt is not null)
            .Select(c => Seconds(c.ClosedAt!.Value - c.CreatedAt)).Order().ToList();

    public static (IReadOnlyList<ReportMeasure>, IReadOnlyList<string>, IReadOnlyList<IReadOnlyList<object?>>) Timing(
        IReadOnlyList<double> sorted, int[] edges) =>
        ([new("count", sorted.Count), new("p50Seconds", Distribution.Percentile(sorted, 0.5)),
          new("p90Seconds", Distribution.Percentile(sorted, 0.9)), new("meanSeconds", Distribution.Mean(sorted, 1))],
         ["fromSeconds", "toSeconds", "count"], Distribution.Buckets(sorted, edges));

    public static (IReadOnlyList<ReportMeasure>, IReadOnlyList<string>, IReadOnlyList<IReadOnlyList<object?>>) Ratings(
        IReadOnlyList<ConversationFacts> facts)
    {
        var scores = facts.Where(c => c.RatingScore is not null).Select(c => (double)c.RatingScore!.Value).ToList();
        var rows = Enumerable.Range(1, 5).Select(s => (IReadOnlyList<object?>)[s, scores.Count(v => (int)v == s)]).ToList();
        var closed = facts.Count(c => c.State == ConversationState.Closed);
        return ([new("count", scores.Count), new("mean", Distribution.Mean(scores, 2)), new("ratedShare", Rate(scores.Count, closed))],
            ["score", "count"], rows);
    }

    public static double? Rate(int part, int whole) => whole == 0 ? null : Math.Round((double)part / whole, 4, MidpointRounding.AwayFromZero);

    private static double Seconds(TimeSpan span) => Math.Round(span.TotalSeconds, 3);
}
