using AskLibrary.Chat;
using AskLibrary.Chat.Contracts;
using Microsoft.Extensions.Options;

namespace AskLibrary.Reports;

/// <summary>The reports by name: each reads what it needs through <see cref="IReportStore"/> and shapes a <see cref="ReportResult"/>.</summary>
public sealed class ReportCatalog(IReportStore store, IOptions<ReportOptions> options, IOptions<Patrons.SegmentOptions> segments, TimeProvider time)
{
    public static readonly IReadOnlyList<string> Names =
        ["hour-of-week", "volume", "wait", "first-response", "duration", "outcomes", "ratings", "deflection", "kb-usage",
         "topics", "read-scale", "offline-on-time", "segments"];

    public async Task<ReportResult> RunAsync(string name, ReportPeriod period, CancellationToken ct)
    {
        var (summary, columns, rows) = name switch
        {
            "hour-of-week" => ChatReports.HourOfWeek(await FactsAsync(period, ct), period),
            "volume" => ChatReports.Volume(await FactsAsync(period, ct), period),
            "wait" => ChatReports.Timing(ChatReports.Waits(await FactsAsync(period, ct)), Distribution.ResponseEdges),
            "first-response" => ChatReports.Timing(ChatReports.FirstResponses(await FactsAsync(period, ct)), Distribution.ResponseEdges),
            "duration" => ChatReports.Timing(ChatReports.Durations(await FactsAsync(period, ct)), Distribution.DurationEdges),
            "outcomes" => ChatReports.Outcomes(await FactsAsync(period, ct)),
            "ratings" => ChatReports.Ratings(await FactsAsync(period, ct)),
            "deflection" => await DeflectionAsync(period, ct),
            "kb-usage" => KnowledgeUsage(await store.CountKbEventsAsync(period.Start, period.End, ct)),
            "topics" => CrmReports.Topics(await store.CountTopicsAsync(period.Start, period.End, period.QueueId, ct)),
            "read-scale" => CrmReports.ReadScale(await store.CountReadScaleAsync(period.Start, period.End, period.QueueId, ct)),
            "offline-on-time" => CrmReports.OfflineOnTime(await store.ListTicketFactsAsync(period.Start, period.End, period.QueueId, ct), period, time.GetUtcNow()),
            "segments" => await SegmentsAsync(period, ct),
            _ => throw new ChatException(ErrorCodes.NotFound, "No such report. Reports: " + string.Join(", ", Names) + "."),
        };
        return new ReportResult(name, Iso(period.From), Iso(period.To), period.QueueId, period.Zone.Id, summary, columns, rows);
    }

    private Task<IReadOnlyList<ConversationFacts>> FactsAsync(ReportPeriod period, CancellationToken ct) =>
        store.ListConversationFactsAsync(period.Start, period.End, period.QueueId, ct);

    /// <summary>Knowledge-base events have no queue: these two reports ignore the queue filter.</summary>
    private async Task<(IReadOnlyList<ReportMeasure>, IReadOnlyList<string>, IReadOnlyList<IReadOnlyList<object?>>)> DeflectionAsync(ReportPeriod period, CancellationToken ct)
    {
        var window = options.Value.DeflectionWindow;
        var counts = await store.CountDeflectionAsync(period.Start, period.End, window, ct);
        return ([new("visitorsOpened", counts.VisitorsOpened), new("visitorsDeflected", counts.VisitorsDeflected),
                 new("deflectionRate", ChatReports.Rate(counts.VisitorsDeflected, counts.VisitorsOpened)), new("windowMinutes", window.TotalMinutes)],
            [], []);
    }

    /// <summary>Patrons are not tied to a queue: the segments ignore the queue filter.</summary>
    private async Task<(IReadOnlyList<ReportMeasure>, IReadOnlyList<string>, IReadOnlyList<IReadOnlyList<object?>>)> SegmentsAsync(ReportPeriod period, CancellationToken ct)
    {
        var visits = await store.ListPatronChatsAsync(CrmReports.VisitsSince(period, segments.Value), period.End, ct);
        var firstChats = await store.ListFirstChatsAsync(period.End, ct);
        return CrmReports.Segments(visits, firstChats, period, time.GetUtcNow(), segments.Value);
    }

    private static readonly string[] KbKinds = ["Shown", "Opened", "Inserted", "Helpful", "NotHelpful"];

    private static (IReadOnlyList<ReportMeasure>, IReadOnlyList<string>, IReadOnlyList<IReadOnlyList<object?>>) KnowledgeUsage(IReadOnlyList<KbEventCount> counts)
    {
        var rows = counts.GroupBy(c => c.ArticleId, StringComparer.Ordinal)
            .Select(g => (IReadOnlyList<object?>)[g.Key, g.First().Title ?? "", .. KbKinds.Select(k => (object?)g.Where(c => c.Kind == k).Sum(c => c.Count))])
            .OrderByDescending(r => (int)r[2]!).ThenByDescending(r => (int)r[3]!).ThenBy(r => (string)r[0]!, StringComparer.Ordinal)
            .ToList();
        var summary = KbKinds.Select(k => new ReportMeasure(char.ToLowerInvariant(k[0]) + k[1..], counts.Where(c => c.Kind == k).Sum(c => c.Count))).ToList();
        return (summary, ["articleId", "title", "shown", "opened", "inserted", "helpful", "notHelpful"], rows);
    }

    private static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
