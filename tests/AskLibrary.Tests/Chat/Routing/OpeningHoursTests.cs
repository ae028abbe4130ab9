using AskLibrary.Chat.Routing;

namespace AskLibrary.Tests.Chat.Routing;

public sealed class OpeningHoursTests
{
    private static readonly OpeningHours Desk = new("Asia/Shanghai",
        new Dictionary<string, string> { ["mon"] = "08:30-12:00,13:30-17:30", ["fri"] = "08:30-12:00" }, ["2026-11-30"]);

    [Theory]
    [InlineData("2026-12-07T00:30:00Z", true)]   // Monday 08:30 in Shanghai
    [InlineData("2026-12-07T04:30:00Z", false)]  // Monday 12:30, lunch
    [InlineData("2026-12-07T09:29:00Z", true)]   // Monday 17:29
    [InlineData("2026-12-07T09:30:00Z", false)]  // Monday 17:30, closed
    [InlineData("2026-11-30T02:00:00Z", false)]  // a closed Monday
    [InlineData("2026-12-05T02:00:00Z", false)]  // Saturday
    public void Open_follows_local_hours_and_closed_dates(string instant, bool open) =>
        Assert.Equal(open, Desk.IsOpen(DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void Next_opening_skips_lunch_weekends_and_closed_dates()
    {
        var fridayAfternoon = DateTimeOffset.Parse("2026-11-27T06:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        // Monday 30 Nov is closed, so the next opening is Friday 4 Dec 08:30 local.
        Assert.Equal(DateTimeOffset.Parse("2026-12-04T00:30:00Z", System.Globalization.CultureInfo.InvariantCulture), Desk.NextOpening(fridayAfternoon));
        var mondayLunch = DateTimeOffset.Parse("2026-12-07T04:30:00Z", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(DateTimeOffset.Parse("2026-12-07T05:30:00Z", System.Globalization.CultureInfo.InvariantCulture), Desk.NextOpening(mondayLunch));
    }

    [Fact]
    public void Malformed_hours_are_refused_with_the_day_named() =>
        Assert.Contains("'tue'", Assert.Throws<FormatException>(() => new OpeningHours("UTC", new Dictionary<string, string> { ["tue"] = "9-5" }, [])).Message);
}
