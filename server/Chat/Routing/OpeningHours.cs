using System.Globalization;

namespace AskLibrary.Chat.Routing;

/// <summary>
/// Weekly opening hours in a time zone, plus closed dates. Answers "open now?" and "when next?"
/// in UTC instants so callers never juggle local times.
/// </summary>
public sealed class OpeningHours
{
    private static readonly string[] DayKeys = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];
    private readonly TimeZoneInfo _zone;
    private readonly List<(TimeSpan From, TimeSpan To)>[] _days = new List<(TimeSpan, TimeSpan)>[7];
    private readonly HashSet<DateOnly> _closedDates;

    public OpeningHours(string timeZone, IReadOnlyDictionary<string, string>? hours, IEnumerable<string> closedDates)
    {
        _zone = TimeZoneInfo.FindSystemTimeZoneById(timeZone);
        for (var d = 0; d < 7; d++)
        {
            var spec = hours is null ? "00:00-24:00" : hours.GetValueOrDefault(DayKeys[d], "closed");
            _days[d] = ParseDay(spec, DayKeys[d]);
        }
        _closedDates = closedDates.Select(s => DateOnly.ParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture)).ToHashSet();
    }

    public bool IsOpen(DateTimeOffset instant)
    {
        var local = TimeZoneInfo.ConvertTime(instant, _zone);
        if (_closedDates.Contains(DateOnly.FromDateTime(local.DateTime)))
            return false;
        var time = local.TimeOfDay;
        return _days[(int)local.DayOfWeek].Any(r => time >= r.From && time < r.To);
    }

    /// <summary>The next instant at or after <paramref name="instant"/> when the queue is open; null if never within 60 days.</summary>
    public DateTimeOffset? NextOpening(DateTimeOffset instant)
    {
        if (IsOpen(instant))
            return instant;
        var local = TimeZoneInfo.ConvertTime(instant, _zone);
        for (var offset = 0; offset <= 60; offset++)
        {
            var date = local.Date.AddDays(offset);
            if (_closedDates.Contains(DateOnly.FromDateTime(date)))
                continue;
            foreach (var (from, _) in _days[(int)date.DayOfWeek].OrderBy(r => r.From))
            {
                var start = date + from;
                if (offset == 0 && start <= local.DateTime)
                    continue;
                return new DateTimeOffset(start, _zone.GetUtcOffset(start)).ToUniversalTime();
            }
        }
        return null;
    }

    /// <summary>The local date of an instant in the queue's time zone.</summary>
    public DateOnly LocalDate(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, _zone).DateTime);

    /// <summary>The local time of day of an instant in the queue's time zone.</summary>
    public TimeSpan LocalTimeOfDay(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, _zone).TimeOfDay;

    /// <summary>A date's opening ranges as local times of day, earliest first; none on a closed date or a closed weekday.</summary>
    public IReadOnlyList<(TimeSpan From, TimeSpan To)> RangesOn(DateOnly date) =>
        _closedDates.Contains(date) ? [] : _days[(int)date.DayOfWeek].OrderBy(r => r.From).ToList();

    /// <summary>
    /// The UTC instant of a local date and time of day (24:00 is the next midnight). A local time
    /// skipped by a daylight-saving change is read with the zone's offset before the change.
    /// </summary>
    public DateTimeOffset ToInstant(DateOnly date, TimeSpan timeOfDay)
    {
        var local = date.ToDateTime(TimeOnly.MinValue) + timeOfDay;
        return new DateTimeOffset(local, _zone.GetUtcOffset(local)).ToUniversalTime();
    }

    private static List<(TimeSpan, TimeSpan)> ParseDay(string spec, string day)
    {
        if (spec.Trim().Equals("closed", StringComparison.OrdinalIgnoreCase))
            return [];
        var ranges = new List<(TimeSpan, TimeSpan)>();
        foreach (var part in spec.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var bounds = part.Split('-', StringSplitOptions.TrimEntries);
            if (bounds.Length != 2 || !TryParseTime(bounds[0], out var from) || !TryParseTime(bounds[1], out var to) || to <= from)
                throw new FormatException($"Opening hours for '{day}' must look like 08:00-22:00 or 'closed', not '{spec}'.");
            ranges.Add((from, to));
        }
        return ranges;
    }

    private static bool TryParseTime(string text, out TimeSpan time)
    {
        if (text == "24:00")
        {
            time = TimeSpan.FromHours(24);
            return true;
        }
        return TimeSpan.TryParseExact(text, @"hh\:mm", CultureInfo.InvariantCulture, out time);
    }
}
