using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using AskLibrary.Chat;
using AskLibrary.Chat.Contracts;

namespace AskLibrary.Patrons;

/// <summary>A row that cannot be imported: its line in the file, the column at fault ("*" for the whole row) and why.</summary>
public sealed record ImportRejection(int Line, string Column, string Reason);

/// <summary>What an import did, or would do on a dry run: nothing is imported unless <see cref="Rejected"/> is empty.</summary>
public sealed record ImportReport(bool DryRun, bool Imported, int Rows, int Created, int Updated, int Unchanged, IReadOnlyList<ImportRejection> Rejected);

/// <summary>
/// Imports the library system's patron records from CSV (docs/crm.md#import): a header row naming the columns, one
/// patron per row, card_number required. Every row is checked before anything is written; one bad row and nothing is
/// imported, and the report lists every bad row. Rows update the stored record with the same card number, so
/// importing the same file twice changes nothing the second time.
/// </summary>
public sealed partial class PatronImport(IPatronDirectory directory, TimeProvider time)
{
    public const int MaxBytes = 5 * 1024 * 1024;
    public const int MaxRows = 50_000;
    public const int MaxRejectionsListed = 500;

    public static readonly IReadOnlyDictionary<string, int> Columns = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["card_number"] = ChatInput.MaxCardNumberLength,
        ["name"] = ChatInput.MaxNameLength,
        ["email"] = ChatInput.MaxEmailLength,
        ["phone"] = 32,
        ["patron_type"] = 50,
        ["department"] = 100,
        ["expires"] = 10,
    };

    /// <summary>Decodes the upload: UTF-8, with or without a byte-order mark; anything else is refused rather than guessed.</summary>
    public static string Decode(byte[] bytes)
    {
        if (bytes.Length > MaxBytes)
            throw new ChatException(ErrorCodes.TooLarge, $"The file is larger than {MaxBytes / (1024 * 1024)} MB; split it.");
        try
        {
            var text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
            return text.Length > 0 && text[0] == '\uFEFF' ? text[1..] : text;
        }
        catch (DecoderFallbackException)
        {
            throw new ChatException(ErrorCodes.InvalidArgument, "The file is not UTF-8 text; save it as CSV UTF-8.");
        }
    }

    public async Task<ImportReport> ImportAsync(string csv, bool dryRun, CancellationToken ct)
    {
        IReadOnlyList<CsvRecord> records;
        try
        {
            records = Csv.Parse(csv);
        }
        catch (CsvFormatException e)
        {
            return Refused(dryRun, 0, new ImportRejection(e.Line, "*", "not valid CSV: " + e.Reason));
        }
        if (records.Count == 0)
            return Refused(dryRun, 0, new ImportRejection(1, "*", "the file is empty; the first line must name the columns"));
        var (header, headerError) = ReadHeader(records[0]);
        if (headerError is not null)
            return Refused(dryRun, records.Count - 1, headerError);
        if (records.Count - 1 > MaxRows)
            return Refused(dryRun, records.Count - 1, new ImportRejection(records[MaxRows + 1].Line, "*", $"more than {MaxRows} rows; split the file"));

        var now = time.GetUtcNow();
        var rejected = new List<ImportRejection>();
        var rows = new List<PatronRecord>();
        var firstLineOfCard = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var record in records.Skip(1))
        {
            var row = ReadRow(record, header, now, rejected);
            if (row is null)
                continue;
            if (firstLineOfCard.TryGetValue(row.CardNumber, out var first))
                rejected.Add(new ImportRejection(record.Line, "card_number", $"the same card number as line {first}"));
            else
            {
                firstLineOfCard[row.CardNumber] = record.Line;
                rows.Add(row);
            }
        }
        if (rejected.Count > 0)
            return Refused(dryRun, records.Count - 1, [.. rejected]);

        var existing = (await directory.FindRecordsAsync(rows.Select(r => r.CardNumber).ToList(), ct)).ToDictionary(r => r.CardNumber, StringComparer.Ordinal);
        var toSave = new List<PatronRecord>();
        int created = 0, updated = 0, unchanged = 0;
        foreach (var row in rows)
        {
            if (!existing.TryGetValue(row.CardNumber, out var stored))
            {
                created++;
                toSave.Add(row);
            }
            else if (stored.SameDataAs(row))
                unchanged++;
            else
            {
                updated++;
                toSave.Add(row with { ImportedAt = stored.ImportedAt });
            }
        }
        if (!dryRun && toSave.Count > 0)
            await directory.SaveRecordsAsync(toSave, ct);
        return new ImportReport(dryRun, !dryRun, rows.Count, created, updated, unchanged, []);
    }

    private static ImportReport Refused(bool dryRun, int rows, params ImportRejection[] rejected) =>
        new(dryRun, false, rows, 0, 0, 0, rejected.Take(MaxRejectionsListed).ToList());

    private static (string[] Header, ImportRejection? Error) ReadHeader(CsvRecord record)
    {
        var header = record.Fields.Select(f => f.Trim().ToLowerInvariant()).ToArray();
        foreach (var (name, index) in header.Select((n, i) => (n, i)))
        {
            if (!Columns.ContainsKey(name))
                return (header, new ImportRejection(record.Line, $"#{index + 1}", $"unknown column; the columns are {string.Join(", ", Columns.Keys)}"));
            if (Array.IndexOf(header, name) != index)
                return (header, new ImportRejection(record.Line, name, "this column is named twice"));
        }
        return Array.IndexOf(header, "card_number") < 0
            ? (header, new ImportRejection(record.Line, "card_number", "the card_number column is required"))
            : (header, null);
    }

    /// <summary>One row to a record, or null with the reasons added to <paramref name="rejected"/>.</summary>
    private static PatronRecord? ReadRow(CsvRecord record, string[] header, DateTimeOffset now, List<ImportRejection> rejected)
    {
        if (record.Fields.Count != header.Length)
        {
            rejected.Add(new ImportRejection(record.Line, "*", $"{record.Fields.Count} fields where the header has {header.Length}"));
            return null;
        }
        var before = rejected.Count;
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        for (var i = 0; i < header.Length; i++)
        {
            var value = record.Fields[i].Trim();
            var column = header[i];
            if (value.Length > Columns[column])
                rejected.Add(new ImportRejection(record.Line, column, $"longer than {Columns[column]} characters"));
            else if (value.Any(char.IsControl))
                rejected.Add(new ImportRejection(record.Line, column, "contains a line break or control character"));
            // Values that look like spreadsheet formulas (=, +, -, @) are kept as plain text: nothing here evaluates them.
            values[column] = value.Length == 0 ? null : value;
        }
        var card = PatronKeys.Card(values["card_number"]);
        if (card is null)
            rejected.Add(new ImportRejection(record.Line, "card_number", "required"));
        else if (!CardPattern().IsMatch(card))
            rejected.Add(new ImportRejection(record.Line, "card_number", "may hold only letters A–Z, digits, spaces, dashes and dots"));
        var email = values.GetValueOrDefault("email");
        if (email is not null && !EmailPattern().IsMatch(email))
            rejected.Add(new ImportRejection(record.Line, "email", "not an email address"));
        var phone = values.GetValueOrDefault("phone");
        if (phone is not null && (!PhonePattern().IsMatch(phone) || PatronKeys.Phone(phone) is null))
            rejected.Add(new ImportRejection(record.Line, "phone", "may hold only digits, spaces and + - ( )"));
        DateOnly? expires = null;
        if (values.GetValueOrDefault("expires") is { } date)
        {
            if (DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
                expires = parsed;
            else
                rejected.Add(new ImportRejection(record.Line, "expires", "not a date in the form yyyy-MM-dd"));
        }
        if (rejected.Count > before)
            return null;
        return new PatronRecord(card!, values.GetValueOrDefault("name"), email, phone, values.GetValueOrDefault("patron_type"),
            values.GetValueOrDefault("department"), expires, now, now);
    }

    [GeneratedRegex("^[A-Z0-9]{1,32}$")]
    private static partial Regex CardPattern();

    [GeneratedRegex(@"^[^\s@<>,;""]+@[^\s@<>,;""]+\.[^\s@<>,;""]+$")]
    private static partial Regex EmailPattern();

    [GeneratedRegex(@"^[0-9+()\- ]{1,32}$")]
    private static partial Regex PhonePattern();
}
