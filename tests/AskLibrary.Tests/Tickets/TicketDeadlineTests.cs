using System.Globalization;
using AskLibrary.Chat.Routing;
using AskLibrary.Tickets;

namespace AskLibrary.Tests.Tickets;

/// <summary>Due dates counted in opening hours: weekends, evenings, lunch breaks, closed dates, time zones and daylight saving.</summary>
public sealed class TicketDeadlineTests
{
    private static readonly Dictionary<string, string> Weekdays9To5 = new()
    {
        ["mon"] = "09:00-17:00",
        ["tue"] = "09:00-17:00",
        ["wed"] = "09:00-17:00",
        ["thu"] = "09:00-17:00",
        ["fri"] = "09:00-17:00",
    };

    // Shanghai (UTC+8), Monday 7 December 2026 closed.
    private static readonly OpeningHours Desk = new("Asia/Shanghai", Weekdays9To5, ["2026-12-07"]);

    private static readonly OpeningHours LunchBreak = new("Asia/Shanghai", new Dictionary<string, string>
    {
        ["mon"] = "08:30-12:00,13:30-17:30",
        ["tue"] = "08:30-12:00,13:30-17:30",
        ["wed"] = "08:30-12:00,13:30-17:30",
        ["thu"] = "08:30-12:00,13:30-17:30",
        ["fri"] = "08:30-12:00,13:30-17:30",
        ["sat"] = "10:00-14:00",
    }, []);

    private static readonly AnswerWithin OneDay = new(1, AnswerWithin.Units.WorkingDays);

    [Theory]
    [InlineData("2026-11-26T14:00+08:00", "2026-11-27T14:00+08:00")] // Thursday afternoon → Friday, same hour
    [InlineData("2026-11-27T14:00+08:00", "2026-11-30T14:00+08:00")] // Friday afternoon → Monday, same hour
    [InlineData("2026-11-27T20:00+08:00", "2026-11-30T17:00+08:00")] // Friday evening counts from Friday's closing → Monday's closing
    [InlineData("2026-11-28T10:00+08:00", "2026-11-30T17:00+08:00")] // Saturday: also from Friday's closing
    [InlineData("2026-11-30T07:00+08:00", "2026-11-30T17:00+08:00")] // Monday before opening: from Friday's closing
    [InlineData("2026-11-30T09:00+08:00", "2026-12-01T09:00+08:00")] // at opening → next day's opening
    [InlineData("2026-12-04T14:00+08:00", "2026-12-08T14:00+08:00")] // Friday → Tuesday: Monday 7 December is a closed date
    [InlineData("2026-12-05T10:00+08:00", "2026-12-08T17:00+08:00")] // weekend before a closed Monday → Tuesday's closing
    public void One_working_day_is_the_same_point_of_open_time_on_the_next_open_day(string created, string due) =>
        Assert.Equal(At(due), TicketDeadline.DueAt(Desk, At(created), OneDay));

    [Fact]
    public void Several_working_days_skip_every_closed_day()
    {
        var thursday = At("2026-11-26T10:00+08:00");
        Assert.Equal(At("2026-11-30T10:00+08:00"), TicketDeadline.DueAt(Desk, thursday, new AnswerWithin(2, AnswerWithin.Units.WorkingDays)));
        // Fri 27, Mon 30, Tue 1 … Fri 4 are six; Monday 7 is closed, so the seventh is Tuesday 8.
        Assert.Equal(At("2026-12-08T10:00+08:00"), TicketDeadline.DueAt(Desk, thursday, new AnswerWithin(7, AnswerWithin.Units.WorkingDays)));
    }

    [Theory]
    [InlineData("2026-11-27T15:00+08:00", 4, "2026-11-30T11:00+08:00")] // 2 h on Friday, 2 h on Monday
    [InlineData("2026-11-30T07:00+08:00", 8, "2026-11-30T17:00+08:00")] // a whole day ends at the closing, not at the next opening
    [InlineData("2026-12-04T16:00+08:00", 4, "2026-12-08T12:00+08:00")] // 1 h Friday, closed Monday skipped, 3 h Tuesday
    [InlineData("2026-11-28T23:00+08:00", 1, "2026-11-30T10:00+08:00")] // Saturday night: the clock starts at Monday's opening
    public void Working_hours_count_only_open_time(string created, int hours, string due) =>
        Assert.Equal(At(due), TicketDeadline.DueAt(Desk, At(created), new AnswerWithin(hours, AnswerWithin.Units.WorkingHours)));

    [Theory]
    [InlineData("2026-11-26T12:30+08:00", "2026-11-27T12:00+08:00")] // lunch break: from the morning's closing
    [InlineData("2026-11-26T16:00+08:00", "2026-11-27T16:00+08:00")]
    [InlineData("2026-11-27T16:00+08:00", "2026-11-28T14:00+08:00")] // Saturday closes at 14:00: due at its closing
    [InlineData("2026-11-27T09:00+08:00", "2026-11-28T10:00+08:00")] // Saturday opens at 10:00: due at its opening
    public void Split_days_and_short_days(string created, string due) =>
        Assert.Equal(At(due), TicketDeadline.DueAt(LunchBreak, At(created), OneDay));

    [Fact]
    public void Lunch_breaks_do_not_count_as_working_hours() =>
        Assert.Equal(At("2026-11-26T14:30+08:00"),
            TicketDeadline.DueAt(LunchBreak, At("2026-11-26T11:00+08:00"), new AnswerWithin(2, AnswerWithin.Units.WorkingHours)));

    [Fact]
    public void Days_keep_the_local_hour_across_a_daylight_saving_change()
    {
        // New York leaves daylight saving time on Sunday 1 November 2026: Friday 16:00 EDT → Monday 16:00 EST.
        var newYork = new OpeningHours("America/New_York", Weekdays9To5, []);
        Assert.Equal(At("2026-11-02T16:00-05:00"), TicketDeadline.DueAt(newYork, At("2026-10-30T16:00-04:00"), OneDay));
        // Working hours are real hours of open time: 2 h on Friday, 2 h on Monday.
        Assert.Equal(At("2026-11-02T11:00-05:00"),
            TicketDeadline.DueAt(newYork, At("2026-10-30T15:00-04:00"), new AnswerWithin(4, AnswerWithin.Units.WorkingHours)));
    }

    [Fact]
    public void The_same_instant_is_due_by_each_queue_s_own_clock()
    {
        // 2026-11-27T08:30Z is Friday 16:30 in Shanghai (open) but Friday 08:30 in London (not open yet).
        var london = new OpeningHours("Europe/London", Weekdays9To5, []);
        var instant = At("2026-11-27T08:30Z");
        Assert.Equal(At("2026-11-30T16:30+08:00"), TicketDeadline.DueAt(Desk, instant, OneDay));
        Assert.Equal(At("2026-11-27T17:00Z"), TicketDeadline.DueAt(london, instant, OneDay)); // from Thursday's closing
    }

    [Fact]
    public void An_always_open_queue_counts_calendar_time_and_a_never_open_one_has_no_due_date()
    {
        var always = new OpeningHours("Asia/Shanghai", null, []);
        var created = At("2026-11-28T23:15+08:00");
        Assert.Equal(created.AddDays(1), TicketDeadline.DueAt(always, created, OneDay));
        Assert.Equal(created.AddHours(5), TicketDeadline.DueAt(always, created, new AnswerWithin(5, AnswerWithin.Units.WorkingHours)));
        Assert.Null(TicketDeadline.DueAt(new OpeningHours("UTC", new Dictionary<string, string>(), []), created, OneDay));
    }

    [Theory]
    [InlineData("1 working day", 1, AnswerWithin.Units.WorkingDays)]
    [InlineData("3 Working Days", 3, AnswerWithin.Units.WorkingDays)]
    [InlineData("4 working hours", 4, AnswerWithin.Units.WorkingHours)]
    public void Answer_within_reads_working_days_and_hours(string text, int count, AnswerWithin.Units unit)
    {
        Assert.True(AnswerWithin.TryParse(text, out var within));
        Assert.Equal(new AnswerWithin(count, unit), within);
    }

    [Theory]
    [InlineData("1 day")]
    [InlineData("0 working days")]
    [InlineData("24:00:00")]
    [InlineData("")]
    public void Answer_within_refuses_anything_else(string text) => Assert.False(AnswerWithin.TryParse(text, out _));

    private static DateTimeOffset At(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);
}
