using AskLibrary.Patrons;
using FsCheck;
using FsCheck.Fluent;

namespace AskLibrary.Tests.Patrons;

/// <summary>RFC 4180 as the library systems write it: quotes, commas and line breaks inside fields, CRLF or LF, line numbers for the report.</summary>
public sealed class CsvTests
{
    [Fact]
    public void Quoted_fields_keep_commas_line_breaks_and_doubled_quotes()
    {
        var records = Csv.Parse("card_number,name,department\r\n\"123,4\",\"Li \"\"Lucy\"\" Na\",\"Physics\r\nand Maths\"\r\n");
        Assert.Equal(2, records.Count);
        Assert.Equal(["123,4", "Li \"Lucy\" Na", "Physics\r\nand Maths"], records[1].Fields);
    }

    [Fact]
    public void Line_numbers_count_physical_lines_so_a_record_after_a_multi_line_field_is_reported_where_an_editor_shows_it()
    {
        var records = Csv.Parse("a,b\n\"x\ny\nz\",1\n\nq,2");
        Assert.Equal([1, 2, 6], records.Select(r => r.Line));
        Assert.Equal(["q", "2"], records[2].Fields);
    }

    [Fact]
    public void Lf_and_crlf_and_a_missing_final_line_break_read_the_same()
    {
        var expected = Csv.Parse("a,b\r\n1,2\r\n").Select(r => r.Fields).ToList();
        Assert.Equal(expected, Csv.Parse("a,b\n1,2\n").Select(r => r.Fields));
        Assert.Equal(expected, Csv.Parse("a,b\r\n1,2").Select(r => r.Fields));
    }

    [Fact]
    public void Empty_fields_and_blank_lines()
    {
        var records = Csv.Parse("a,,c\r\n\r\n,\r\n\"\"\r\n");
        Assert.Equal([["a", "", "c"], ["", ""], [""]], records.Select(r => r.Fields));
    }

    [Theory]
    [InlineData("a,b\n\"open,1\n", 2, "never closed")]
    [InlineData("a,b\nx\"y,1\n", 2, "inside an unquoted field")]
    [InlineData("a,b\n1,2\n\"x\"y,1\n", 3, "follows a closing quote")]
    public void Malformed_quoting_is_refused_with_its_line_rather_than_guessed(string text, int line, string reason)
    {
        var error = Assert.Throws<CsvFormatException>(() => Csv.Parse(text));
        Assert.Equal(line, error.Line);
        Assert.Contains(reason, error.Reason);
    }

    private static readonly Gen<string> Field = Gen.Elements('a', 'Z', '7', ' ', ',', '"', '\r', '\n', '图', '=', '+', '-', '@', '\t')
        .ArrayOf().Select(chars => new string(chars));

    private static readonly Gen<string[][]> Records = Gen.Choose(1, 6).SelectMany(width =>
        Field.ArrayOf(width).NonEmptyListOf().Select(rows => rows.ToArray()));

    [Fact]
    public void Any_records_written_as_csv_parse_back_equal()
    {
        Prop.ForAll(Records.ToArbitrary(), records =>
        {
            var parsed = Csv.Parse(Csv.Write(records));
            return parsed.Count == records.Length && parsed.Zip(records).All(pair => pair.First.Fields.SequenceEqual(pair.Second));
        }).QuickCheckThrowOnFailure();
    }
}
