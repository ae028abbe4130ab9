using AskLibrary.Chat.Routing;

namespace AskLibrary.Tickets;

/// <summary>
/// When a ticket is due: its queue's open time is the only time that counts (docs/tickets.md, "Due dates").
/// <list type="bullet">
/// <item><b>N working hours</b>: the instant at which N hours of open time have passed since the ticket was
/// created. Nights, closed weekdays and closed dates do not count; a count that ends exactly at a closing time
/// is due at that closing time, not at the next opening.</item>
/// <item><b>N working days</b>: the same point of open time N open days later. A ticket created while the
/// queue is open starts from its local time of day; one created while it is closed starts from the end of
/// the last open period before it (Friday 20:00, Saturday and Monday 07:00 all start from Friday's closing).
/// It is due on the Nth open day after that start's date, at the start's local time of day — or, when that
/// day's hours do not include that time, at the last closing before it that day (else the day's first
/// opening). An open day is a day with hours that is not a closed date.</item>
/// </list>
/// Everything is reckoned in the queue's time zone; the result is a UTC instant, or null when the queue has
/// no open time within a year.
/// </summary>
public static class TicketDeadline
{
    private const int SearchDays = 366;

    public static DateTimeOffset? DueAt(OpeningHours hours, DateTimeOffset createdAt, AnswerWithin within) =>
        within.Unit == AnswerWithin.Units.WorkingHours
            ? AfterOpenTime(hours, createdAt, TimeSpan.FromHours(within.Count))
            : AfterOpenDays(hours, createdAt, within.Count);

    private static DateTimeOffset? AfterOpenTime(OpeningHours hours, DateTimeOffset createdAt, TimeSpan remaining)
    {
        // Start a day early: a range of the previous local date may still be running (it cannot, with
        // ranges inside one day, but a time-zone change of date is cheap to be safe about).
        var date = hours.LocalDate(createdAt).AddDays(-1);
        for (var day = 0; day <= SearchDays; day++, date = date.AddDays(1))
        {
            foreach (var (from, to) in hours.RangesOn(date))
            {
                var end = hours.ToInstant(date, to);
                if (end <= createdAt)
                    continue;
                var start = Max(hours.ToInstant(date, from), createdAt);
                var open = end - start;
                if (remaining <= open)
                    return start + remaining;
                remaining -= open;
            }
        }
        return null;
    }

    private static DateTimeOffset? AfterOpenDays(OpeningHours hours, DateTimeOffset createdAt, int days)
    {
        if (StartOf(hours, createdAt) is not var (startDate, timeOfDay))
            return null;
        var date = startDate;
        for (int found = 0, step = 0; step <= SearchDays * days; step++)
        {
            date = date.AddDays(1);
            var ranges = hours.RangesOn(date);
            if (ranges.Count == 0 || ++found < days)
                continue;
            if (ranges.Any(r => r.From <= timeOfDay && timeOfDay <= r.To))
                return hours.ToInstant(date, timeOfDay);
            var closings = ranges.Where(r => r.To < timeOfDay).ToList();
            return hours.ToInstant(date, closings.Count > 0 ? closings[^1].To : ranges[0].From);
        }
        return null;
    }

    /// <summary>Where counting starts: the creation's local date and time when open, else the last closing before it.</summary>
    private static (DateOnly Date, TimeSpan TimeOfDay)? StartOf(OpeningHours hours, DateTimeOffset createdAt)
    {
        var today = hours.LocalDate(createdAt);
        var now = hours.LocalTimeOfDay(createdAt);
        if (hours.RangesOn(today).Any(r => r.From <= now && now < r.To))
            return (today, now);
        for (var (day, date) = (0, today); day <= SearchDays; day++, date = date.AddDays(-1))
        {
            var ended = hours.RangesOn(date).Where(r => hours.ToInstant(date, r.To) <= createdAt).ToList();
            if (ended.Count > 0)
                return (date, ended[^1].To);
        }
        return null;
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
