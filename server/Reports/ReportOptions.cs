using AskLibrary.Chat.Routing;
using Microsoft.Extensions.Options;

namespace AskLibrary.Reports;

/// <summary>Report settings (AskLibrary:Reports).</summary>
public sealed class ReportOptions
{
    /// <summary>IANA time zone that days and hours are counted in; empty means the first queue's time zone.</summary>
    public string? TimeZone { get; set; }

    /// <summary>A patron who opened an article and started no chat within this long counts as deflected.</summary>
    public TimeSpan DeflectionWindow { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>The longest period one report may cover, so a typo cannot ask for a century of days.</summary>
    public int MaxDays { get; set; } = 366;
}

/// <summary>The report time zone, resolved once: the setting, else the first queue's zone, else UTC.</summary>
public sealed class ReportClock(IOptions<ReportOptions> options, IOptions<List<QueueOptions>> queues)
{
    public TimeZoneInfo Zone { get; } = TimeZoneInfo.FindSystemTimeZoneById(
        !string.IsNullOrWhiteSpace(options.Value.TimeZone) ? options.Value.TimeZone
        : queues.Value.FirstOrDefault()?.TimeZone is { Length: > 0 } queueZone ? queueZone
        : "UTC");
}
