namespace AskLibrary.Chat.Routing;

/// <summary>Start-time checks of AskLibrary:Queues, so a typo in the hours fails at start, not at the first chat.</summary>
public static class QueueConfiguration
{
    public const string Rules =
        "AskLibrary:Queues needs at least one queue; ids must be unique lowercase words; a fallback must name another queue; " +
        "time zones must exist; hours must look like \"08:00-22:00\" or \"closed\"; closed dates like 2026-10-01; " +
        "IpAddresses must be Never, Subnet or Full.";

    public static bool IsValid(List<QueueOptions> queues)
    {
        if (queues.Count == 0 || queues.Select(q => q.Id).Distinct().Count() != queues.Count)
            return false;
        foreach (var queue in queues)
        {
            if (!System.Text.RegularExpressions.Regex.IsMatch(queue.Id, "^[a-z0-9-]{1,40}$") || string.IsNullOrWhiteSpace(queue.Name))
                return false;
            if (Patrons.PatronAddress.ParsePolicy(queue.IpAddresses) is null)
                return false;
            if (queue.Fallback is { } fallback && (fallback == queue.Id || queues.All(q => q.Id != fallback)))
                return false;
            try
            {
                _ = new OpeningHours(queue.TimeZone, queue.Hours, queue.ClosedDates);
            }
            catch (Exception ex) when (ex is FormatException or TimeZoneNotFoundException or InvalidTimeZoneException)
            {
                return false;
            }
        }
        return true;
    }
}
