namespace AskLibrary.Reports;

/// <summary>
/// Every report has the same shape: headline numbers (<see cref="Summary"/>, camelCase keys, null when
/// there is nothing to measure) and one table (<see cref="Columns"/>, <see cref="Rows"/>) that the charts
/// draw and the CSV download repeats cell for cell.
/// </summary>
public sealed record ReportResult(
    string Report,
    string From,
    string To,
    string? Queue,
    string TimeZone,
    IReadOnlyList<ReportMeasure> Summary,
    IReadOnlyList<string> Columns,
    IReadOnlyList<IReadOnlyList<object?>> Rows);

/// <summary>One headline number of a report, e.g. {"name": "p90Seconds", "value": 95}.</summary>
public sealed record ReportMeasure(string Name, double? Value);
