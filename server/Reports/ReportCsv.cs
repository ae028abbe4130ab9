using System.Globalization;
using System.Text;

namespace AskLibrary.Reports;

/// <summary>
/// A report as CSV for Excel: UTF-8 with a byte-order mark (so Excel reads Chinese correctly), CRLF lines,
/// RFC 4180 quoting, and cells that a spreadsheet would run as a formula (starting with = + - @, tab or CR)
/// prefixed with an apostrophe. The table comes first, then a blank line and the summary as measure,value.
/// </summary>
public static class ReportCsv
{
    public static readonly byte[] Bom = [0xEF, 0xBB, 0xBF];

    public static byte[] Write(ReportResult report)
    {
        var text = new StringBuilder();
        if (report.Columns.Count > 0)
        {
            Line(text, report.Columns);
            foreach (var row in report.Rows)
                Line(text, row.Select(Cell));
            text.Append("\r\n");
        }
        Line(text, ["measure", "value"]);
        foreach (var measure in report.Summary)
            Line(text, [measure.Name, Cell(measure.Value)]);
        return [.. Bom, .. Encoding.UTF8.GetBytes(text.ToString())];
    }

    public static string Cell(object? value) => value switch
    {
        null => "",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static void Line(StringBuilder text, IEnumerable<string> cells)
    {
        text.AppendJoin(',', cells.Select(Escape));
        text.Append("\r\n");
    }

    public static string Escape(string cell)
    {
        if (cell.Length > 0 && cell[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
            cell = "'" + cell;
        return cell.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : cell;
    }
}
