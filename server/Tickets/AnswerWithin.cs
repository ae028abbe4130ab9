using System.Globalization;
using System.Text.RegularExpressions;

namespace AskLibrary.Tickets;

/// <summary>How much open time a ticket may take: "N working days" or "N working hours" (AskLibrary:Tickets:AnswerWithin).</summary>
public sealed partial record AnswerWithin(int Count, AnswerWithin.Units Unit)
{
    public enum Units { WorkingHours, WorkingDays }

    public static bool TryParse(string? text, out AnswerWithin within)
    {
        within = new AnswerWithin(1, Units.WorkingDays);
        var match = Pattern().Match(text?.Trim() ?? "");
        if (!match.Success || !int.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count is < 1 or > 365)
            return false;
        within = new AnswerWithin(count, match.Groups[2].Value.StartsWith("day", StringComparison.OrdinalIgnoreCase) ? Units.WorkingDays : Units.WorkingHours);
        return true;
    }

    public override string ToString() => $"{Count} working {(Unit == Units.WorkingDays ? "day" : "hour")}{(Count == 1 ? "" : "s")}";

    [GeneratedRegex(@"^(\d{1,3})\s+working\s+(days?|hours?)$", RegexOptions.IgnoreCase)]
    private static partial Regex Pattern();
}
