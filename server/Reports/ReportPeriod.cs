using System.Globalization;
using AskLibrary.Chat;
using AskLibrary.Chat.Contracts;

namespace AskLibrary.Reports;

/// <summary>
/// The days a report covers, both inclusive, in the report time zone, and an optional queue.
/// <see cref="Start"/> and <see cref="End"/> are the instants of local midnight before the first day and after the last.
/// </summary>
public sealed record ReportPeriod(DateOnly From, DateOnly To, string? QueueId, TimeZoneInfo Zone)
{
    public DateTimeOffset Start => MidnightOf(From);
    public DateTimeOffset End => MidnightOf(To.AddDays(1));

    public IEnumerable<DateOnly> Days()
    {
        for (var day = From; day <= To; day = day.AddDays(1))
            yield return day;
    }

    public DateTimeOffset ToLocal(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone);

    private DateTimeOffset MidnightOf(DateOnly day)
    {
        var local = day.ToDateTime(TimeOnly.MinValue);
        // A midnight skipped by a daylight-saving change starts the day at the first hour that exists.
        while (Zone.IsInvalidTime(local))
            local = local.AddHours(1);
        return new DateTimeOffset(local, Zone.GetUtcOffset(local));
    }

    /// <summary>Reads from/to (yyyy-MM-dd); the default is the 30 days up to today in the report time zone.</summary>
    public static ReportPeriod Parse(string? from, string? to, string? queue, TimeZoneInfo zone, DateTimeOffset now, int maxDays)
    {
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
        var last = ParseDate(to, "to") ?? today;
        var first = ParseDate(from, "from") ?? last.AddDays(-29);
        if (first > last)
            throw new ChatException(ErrorCodes.InvalidArgument, "from must not be after to.");
        if (last.DayNumber - first.DayNumber + 1 > maxDays)
            throw new ChatException(ErrorCodes.InvalidArgument, $"A report covers at most {maxDays} days.");
        return new ReportPeriod(first, last, string.IsNullOrWhiteSpace(queue) ? null : ChatInput.Id(queue, "queue"), zone);
    }

    private static DateOnly? ParseDate(string? value, string field) => string.IsNullOrWhiteSpace(value)
        ? null
        : DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new ChatException(ErrorCodes.InvalidArgument, $"{field} must be a date like 2026-11-24.");
}
