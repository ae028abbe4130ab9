using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AskLibrary.Patrons;
using AskLibrary.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace AskLibrary.Tests.Patrons;

/// <summary>CSV import of the library system's patron records: validated row by row, all or nothing, idempotent.</summary>
public sealed class PatronImportTests : ChatTestBase
{
    private const string Header = "card_number,name,email,phone,patron_type,department,expires";

    private IPatronDirectory Directory => App.Services.GetRequiredService<IPatronDirectory>();

    private async Task<(HttpClient Http, string Token)> AdminAsync()
    {
        var (http, _, token) = await LibrarianClient.SignInAsync(App, "admin", TestApp.AdminPassword);
        return (http, token);
    }

    [Fact]
    public async Task A_file_with_bad_rows_is_reported_line_by_line_and_nothing_is_imported()
    {
        var (admin, token) = await AdminAsync();
        var csv = string.Join("\r\n",
            Header,
            "2020123456,Zhang Wei,zw@example.edu.cn,138 0013 8000,undergraduate,Physics,2027-06-30",
            ",No Card,nc@example.edu.cn,,,,",
            "2020000002,Bad Mail,not-an-email,,,,",
            "2020-123-456,Dup,dup@example.edu.cn,,,,",
            "2020000003,\"=HYPERLINK(\"\"http://x\"\")\",,,,,2027-13-01",
            $"2020000004,{new string('名', 101)},,,,,",
            "2020000005,Short row",
            "2020000006,\"Multi\nline\",,,,,",
            "2020000007,=1+2,,+86 10 6275 1234,staff,@Maths,2028-01-01") + "\r\n";

        var dry = await admin.SendAsync(PatronUpload.Csv(csv, token, dryRun: true));
        Assert.Equal(HttpStatusCode.OK, dry.StatusCode);
        var report = await dry.Content.ReadFromJsonAsync<JsonElement>();
        var expected = new[]
        {
            "3 card_number", "4 email", "5 card_number", "6 expires", "7 name", "8 *", "9 name",
        };
        Assert.Equal(expected, report.GetProperty("rejected").EnumerateArray().Select(r => $"{r.GetProperty("line").GetInt32()} {r.GetProperty("column").GetString()}"));
        Assert.Contains("line 2", report.GetProperty("rejected")[2].GetProperty("reason").GetString());
        Assert.False(report.GetProperty("imported").GetBoolean());

        var real = await admin.SendAsync(PatronUpload.Csv(csv, token));
        Assert.Equal(HttpStatusCode.BadRequest, real.StatusCode);
        var problem = await real.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("invalid_argument", problem.GetProperty("type").GetString());
        Assert.Equal(expected.Length, problem.GetProperty("report").GetProperty("rejected").GetArrayLength());
        // Not even the good rows (2 and 11) were written.
        Assert.Empty(await Directory.FindRecordsAsync(["2020123456", "2020000007"], CancellationToken.None));
    }

    [Fact]
    public async Task A_good_file_imports_and_importing_it_again_changes_nothing_while_an_edited_row_updates_its_record()
    {
        var (admin, token) = await AdminAsync();
        var csv = Header + "\n" +
            "2020123456,Zhang Wei,zw@example.edu.cn,138 0013 8000,undergraduate,\"Physics, Optics\",2027-06-30\n" +
            "2020000007,=1+2,,+86 10 6275 1234,staff,@Maths,\n";

        var first = await (await admin.SendAsync(PatronUpload.Multipart(csv, token))).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((true, 2, 0, 0), (first.GetProperty("imported").GetBoolean(), first.GetProperty("created").GetInt32(),
            first.GetProperty("updated").GetInt32(), first.GetProperty("unchanged").GetInt32()));
        var stored = await Directory.FindRecordAsync("2020000007", CancellationToken.None);
        Assert.Equal(("=1+2", "@Maths", (DateOnly?)null), (stored!.Name, stored.Department, stored.Expires)); // formula-looking text is kept as text

        Time.Advance(TimeSpan.FromHours(1));
        var again = await (await admin.SendAsync(PatronUpload.Csv(csv.Replace("\n", "\r\n"), token, bom: true))).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((0, 0, 2), (again.GetProperty("created").GetInt32(), again.GetProperty("updated").GetInt32(), again.GetProperty("unchanged").GetInt32()));
        Assert.Equal(stored, await Directory.FindRecordAsync("2020000007", CancellationToken.None));

        var edited = await (await admin.SendAsync(PatronUpload.Csv(csv.Replace("Zhang Wei", "Zhang Wei (graduate)"), token))).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((0, 1, 1), (edited.GetProperty("created").GetInt32(), edited.GetProperty("updated").GetInt32(), edited.GetProperty("unchanged").GetInt32()));
        var updated = await Directory.FindRecordAsync("2020123456", CancellationToken.None);
        Assert.Equal(("Zhang Wei (graduate)", "Physics, Optics", new DateOnly(2027, 6, 30)), (updated!.Name, updated.Department, updated.Expires));
        Assert.True(updated.UpdatedAt > updated.ImportedAt);

        var audit = await admin.GetFromJsonAsync<JsonElement>("api/admin/audit?subjectId=patron_records");
        Assert.Equal(3, audit.GetProperty("items").EnumerateArray().Count(e => e.GetProperty("action").GetString() == "patrons.imported"));
    }

    [Fact]
    public async Task The_privacy_job_deletes_records_whose_card_expired_longer_ago_than_the_retention_period()
    {
        var (admin, token) = await AdminAsync();
        // The clock starts on 2026-11-24 and RetentionDays is 365: cards that expired before 2025-11-24 go.
        await admin.SendAsync(PatronUpload.Csv(Header + "\n" +
            "1001,Long gone,,,,,2025-01-01\n" +
            "1002,Recently expired,,,,,2026-06-01\n" +
            "1003,No expiry date,,,,,\n", token));
        Assert.Equal(3, (await Directory.FindRecordsAsync(["1001", "1002", "1003"], CancellationToken.None)).Count);

        Time.Advance(TimeSpan.FromMinutes(1)); // the privacy job's tick
        await App.WaitUntilAsync(async _ => await Directory.FindRecordAsync("1001", CancellationToken.None) is null);
        Assert.Equal(["1002", "1003"], (await Directory.FindRecordsAsync(["1001", "1002", "1003"], CancellationToken.None)).Select(r => r.CardNumber).Order());
    }

    [Fact]
    public async Task Unreadable_uploads_are_refused_with_a_documented_code()
    {
        var (admin, token) = await AdminAsync();
        async Task<(HttpStatusCode, string?)> Send(HttpRequestMessage request)
        {
            var response = await admin.SendAsync(request);
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            return (response.StatusCode, body.TryGetProperty("type", out var type) ? type.GetString() : null);
        }

        Assert.Equal((HttpStatusCode.BadRequest, "invalid_argument"), await Send(PatronUpload.Bytes([0x63, 0x61, 0xFF, 0xFE, 0x0A], token)));
        Assert.Equal((HttpStatusCode.BadRequest, "too_large"), await Send(PatronUpload.Bytes(Encoding.UTF8.GetBytes(Header + "\n" + new string('1', PatronImport.MaxBytes)), token)));
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_argument"), await Send(Json.Post("api/admin/patrons/import", new { csv = "x" }, token)));
        var unknown = await admin.SendAsync(PatronUpload.Csv("card_number,nickname\n1,x\n", token, dryRun: true));
        var rejected = (await unknown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("rejected")[0];
        Assert.Equal((1, "#2"), (rejected.GetProperty("line").GetInt32(), rejected.GetProperty("column").GetString()));
        var quoting = await admin.SendAsync(PatronUpload.Csv(Header + "\n1,\"never closed\n", token, dryRun: true));
        Assert.Contains("not valid CSV", (await quoting.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("rejected")[0].GetProperty("reason").GetString());
    }
}
