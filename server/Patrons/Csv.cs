using System.Text;

namespace AskLibrary.Patrons;

/// <summary>One record of a CSV file and the physical line it starts on (1-based, counting the header).</summary>
public sealed record CsvRecord(int Line, IReadOnlyList<string> Fields);

/// <summary>
/// RFC 4180 CSV: fields separated by commas, records by CRLF or LF; a field in double quotes may hold commas,
/// line breaks and doubled quotes. Lenient where the RFC is silent (LF alone, a missing final line break) and strict
/// where a mistake would silently shift data (a quote inside an unquoted field, text after a closing quote, a quote
/// never closed): those throw <see cref="CsvFormatException"/> with the line.
/// </summary>
public static class Csv
{
    public static IReadOnlyList<CsvRecord> Parse(string text)
    {
        var records = new List<CsvRecord>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        var recordLine = 1;
        var i = 0;
        var atFieldStart = true;
        var recordHasContent = false;

        void EndField()
        {
            fields.Add(field.ToString());
            field.Clear();
            atFieldStart = true;
        }

        void EndRecord()
        {
            EndField();
            records.Add(new CsvRecord(recordLine, fields.ToList()));
            fields.Clear();
            recordHasContent = false;
        }

        while (i < text.Length)
        {
            var c = text[i];
            if (atFieldStart && c == '"')
            {
                // A quoted field: runs to the closing quote; "" is a quote; anything, including line breaks, inside.
                recordHasContent = true;
                var openedOn = line;
                i++;
                while (true)
                {
                    if (i >= text.Length)
                        throw new CsvFormatException(openedOn, "a quoted field is never closed");
                    if (text[i] == '"')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '"')
                        {
                            field.Append('"');
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    if (text[i] == '\n')
                        line++;
                    field.Append(text[i]);
                    i++;
                }
                if (i < text.Length && text[i] is not (',' or '\r' or '\n'))
                    throw new CsvFormatException(line, "text follows a closing quote");
                atFieldStart = false;
                continue;
            }
            switch (c)
            {
                case ',':
                    recordHasContent = true;
                    EndField();
                    i++;
                    break;
                case '\r' when i + 1 < text.Length && text[i + 1] == '\n':
                case '\n':
                    if (recordHasContent || field.Length > 0)
                        EndRecord();
                    else
                        fields.Clear(); // a blank line is no record
                    i += c == '\r' ? 2 : 1;
                    line++;
                    recordLine = line;
                    atFieldStart = true;
                    break;
                case '"':
                    throw new CsvFormatException(line, "a quote inside an unquoted field (quote the whole field and double the quote)");
                default:
                    field.Append(c);
                    recordHasContent = true;
                    atFieldStart = false;
                    i++;
                    break;
            }
        }
        if (recordHasContent || field.Length > 0)
            EndRecord();
        return records;
    }

    /// <summary>Writes records the way <see cref="Parse"/> reads them back: quotes only where needed, CRLF line ends.</summary>
    public static string Write(IEnumerable<IReadOnlyList<string>> records)
    {
        var sb = new StringBuilder();
        foreach (var record in records)
        {
            sb.AppendJoin(',', record.Select(Quote));
            sb.Append("\r\n");
        }
        return sb.ToString();
    }

    private static string Quote(string field) =>
        field.Length == 0 || field.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field;
}

public sealed class CsvFormatException(int line, string reason) : Exception($"line {line}: {reason}")
{
    public int Line { get; } = line;
    public string Reason { get; } = reason;
}
