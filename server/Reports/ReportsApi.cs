using AskLibrary.Staff;

namespace AskLibrary.Reports;

/// <summary>Managers' reports (managers and admins): GET /api/reports/{name} as JSON and /api/reports/{name}.csv for Excel.</summary>
public static class ReportsApi
{
    public static WebApplicationBuilder AddReports(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ReportOptions>().BindConfiguration("AskLibrary:Reports")
            .Validate(o => o.DeflectionWindow > TimeSpan.Zero && o.MaxDays is > 0 and <= 3660, "DeflectionWindow must be positive and MaxDays 1–3660.")
            .Validate(o => string.IsNullOrWhiteSpace(o.TimeZone) || TimeZoneInfo.TryFindSystemTimeZoneById(o.TimeZone, out _), "AskLibrary:Reports:TimeZone must be an IANA time zone.")
            .ValidateOnStart();
        builder.Services.AddSingleton<ReportClock>();
        builder.Services.AddSingleton<ReportCatalog>();
        return builder;
    }

    public static IEndpointRouteBuilder MapReports(this IEndpointRouteBuilder app)
    {
        var reports = app.MapGroup("/api/reports").RequireAuthorization(StaffPolicies.Oversight);

        // What the dashboard needs to draw its filters: the report names, the queues, the time zone and the default period.
        app.MapGet("/api/reports", (ReportClock clock, TimeProvider time, Microsoft.Extensions.Options.IOptions<ReportOptions> options,
            Microsoft.Extensions.Options.IOptions<List<AskLibrary.Chat.Routing.QueueOptions>> queues) =>
        {
            var period = ReportPeriod.Parse(null, null, null, clock.Zone, time.GetUtcNow(), options.Value.MaxDays);
            return Results.Ok(new
            {
                reports = ReportCatalog.Names,
                queues = queues.Value.Select(q => new { id = q.Id, name = q.Name, nameZh = q.NameZh }),
                timeZone = clock.Zone.Id,
                from = period.From.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                to = period.To.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                deflectionWindowMinutes = options.Value.DeflectionWindow.TotalMinutes,
            });
        }).RequireAuthorization(StaffPolicies.Oversight);

        // The .csv route is the more specific one (a literal suffix), so "volume.csv" never reaches {name}.
        reports.MapGet("/{name}.csv", async (string name, string? from, string? to, string? queue, HttpContext http, ReportCatalog catalog, ReportClock clock,
            TimeProvider time, Microsoft.Extensions.Options.IOptions<ReportOptions> options, CancellationToken ct) =>
        {
            var report = await catalog.RunAsync(name, ReportPeriod.Parse(from, to, queue, clock.Zone, time.GetUtcNow(), options.Value.MaxDays), ct);
            http.Response.Headers.CacheControl = "no-store";
            return Results.File(ReportCsv.Write(report), "text/csv; charset=utf-8",
                $"asklibrary-{report.Report}-{report.From}-{report.To}{(report.Queue is null ? "" : "-" + report.Queue)}.csv");
        });

        reports.MapGet("/{name}", async (string name, string? from, string? to, string? queue, HttpContext http, ReportCatalog catalog, ReportClock clock,
            TimeProvider time, Microsoft.Extensions.Options.IOptions<ReportOptions> options, CancellationToken ct) =>
        {
            http.Response.Headers.CacheControl = "no-store";
            return Results.Ok(await catalog.RunAsync(name, ReportPeriod.Parse(from, to, queue, clock.Zone, time.GetUtcNow(), options.Value.MaxDays), ct));
        });
        return app;
    }
}
