using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AskLibrary.Chat.Contracts;
using AskLibrary.Reports;
using AskLibrary.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;

namespace AskLibrary.Tests.Staff;

/// <summary>
/// The managers' reports over a data set played through the real hubs on the fake clock, in the
/// default report time zone (the first queue's, Asia/Shanghai). Every number below is worked out by hand
/// from the chats in <see cref="PlayDataSetAsync"/>; percentiles are nearest-rank (docs/reports.md).
/// </summary>
public sealed class ReportTests : ChatTestBase
{
    private const string Period = "from=2026-11-24&to=2026-11-25";

    [Fact]
    public async Task Reports_count_exactly_what_happened_in_the_period()
    {
        await PlayDataSetAsync();
        var http = await AdminAsync();

        var heat = await ReportAsync(http, "hour-of-week");
        Assert.Equal("Asia/Shanghai", heat.GetProperty("timeZone").GetString());
        Assert.Equal(7, heat.GetProperty("rows").GetArrayLength());
        var cells = Cells(heat);
        Assert.Equal(8, cells.Sum(c => c.Value));
        Assert.Equal(new Dictionary<(string, int), int> { [("tue", 11)] = 2, [("tue", 14)] = 2, [("tue", 16)] = 1, [("wed", 9)] = 2, [("wed", 10)] = 1 },
            cells.Where(c => c.Value > 0).ToDictionary());
        Assert.Equal(2, Measure(heat, "peakCell"));

        var volume = await ReportAsync(http, "volume");
        Assert.Equal(["2026-11-24,5,4,1,1", "2026-11-25,3,2,1,1"], Rows(volume));
        Assert.Equal(new double[] { 8, 6, 2, 2 }, new[] { "chats", "answered", "abandoned", "missed" }.Select(m => Measure(volume, m)));

        var wait = await ReportAsync(http, "wait");
        Assert.Equal(new double[] { 6, 20, 400, 93.3 }, new[] { "count", "p50Seconds", "p90Seconds", "meanSeconds" }.Select(m => Measure(wait, m)));
        Assert.Equal(["0,15,2", "15,30,1", "30,60,1", "60,120,1", "120,300,0", "300,600,1", "600,,0"], Rows(wait));

        var first = await ReportAsync(http, "first-response");
        Assert.Equal(new double[] { 5, 15, 70, 26 }, new[] { "count", "p50Seconds", "p90Seconds", "meanSeconds" }.Select(m => Measure(first, m)));
        Assert.Equal(["0,15,2", "15,30,1", "30,60,1", "60,120,1", "120,300,0", "300,600,0", "600,,0"], Rows(first));

        var duration = await ReportAsync(http, "duration");
        Assert.Equal(new double[] { 6, 300, 2000, 713.3 }, new[] { "count", "p50Seconds", "p90Seconds", "meanSeconds" }.Select(m => Measure(duration, m)));
        Assert.Equal(["0,300,2", "300,600,1", "600,900,1", "900,1800,1", "1800,3600,1", "3600,,0"], Rows(duration));

        var outcomes = await ReportAsync(http, "outcomes");
        Assert.Equal(["general,7,5,2,2,0", "research,1,1,0,0,0"], Rows(outcomes));
        Assert.Equal(new double[] { 0.25, 0.25, 30, 200 }, new[] { "abandonedRate", "missedRate", "abandonedAfterP50Seconds", "abandonedAfterP90Seconds" }.Select(m => Measure(outcomes, m)));

        var ratings = await ReportAsync(http, "ratings");
        Assert.Equal(["1,0", "2,1", "3,1", "4,2", "5,1"], Rows(ratings));
        Assert.Equal(new double[] { 5, 3.6, 0.8333 }, new[] { "count", "mean", "ratedShare" }.Select(m => Measure(ratings, m)));

        var deflection = await ReportAsync(http, "deflection");
        Assert.Equal(new double[] { 3, 2, 0.6667, 30 }, new[] { "visitorsOpened", "visitorsDeflected", "deflectionRate", "windowMinutes" }.Select(m => Measure(deflection, m)));

        var usage = await ReportAsync(http, "kb-usage");
        Assert.Equal(["renew-books,如何续借图书,3,3,1,1,0", "inject,=1+1 公式,1,0,0,0,0"], Rows(usage));
        Assert.Equal(new double[] { 4, 3, 1, 1, 0 }, new[] { "shown", "opened", "inserted", "helpful", "notHelpful" }.Select(m => Measure(usage, m)));
    }

    [Fact]
    public async Task The_queue_and_the_dates_narrow_every_chat_report()
    {
        await PlayDataSetAsync();
        var http = await AdminAsync();

        var research = await ReportAsync(http, "wait", "from=2026-11-24&to=2026-11-25&queue=research");
        Assert.Equal(new double[] { 1, 0, 0 }, new[] { "count", "p50Seconds", "p90Seconds" }.Select(m => Measure(research, m)));
        var tuesday = await ReportAsync(http, "volume", "from=2026-11-24&to=2026-11-24");
        Assert.Equal(["2026-11-24,5,4,1,1"], Rows(tuesday));
        var empty = await ReportAsync(http, "duration", "from=2026-12-01&to=2026-12-03");
        Assert.Equal(new double?[] { 0, null, null }, new[] { "count", "p50Seconds", "p90Seconds" }.Select(m => MeasureOrNull(empty, m)));

        Assert.Equal(HttpStatusCode.BadRequest, (await http.GetAsync("api/reports/volume?from=2026-11-25&to=2026-11-24")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await http.GetAsync("api/reports/volume?from=24.11.2026")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("api/reports/nonsense")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("api/reports/nonsense.csv")).StatusCode);
    }

    [Fact]
    public async Task Every_csv_holds_the_json_numbers_with_a_bom_and_no_formulas()
    {
        await PlayDataSetAsync();
        var http = await AdminAsync();
        foreach (var name in ReportCatalog.Names)
        {
            var json = await ReportAsync(http, name);
            using var response = await http.GetAsync($"api/reports/{name}.csv?{Period}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
            var bytes = await response.Content.ReadAsByteArrayAsync();
            Assert.Equal(ReportCsv.Bom, bytes[..3]);
            var lines = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3).Split("\r\n");

            var expected = new List<string>();
            var columns = json.GetProperty("columns").EnumerateArray().Select(c => c.GetString()!).ToList();
            if (columns.Count > 0)
            {
                expected.Add(string.Join(',', columns));
                expected.AddRange(json.GetProperty("rows").EnumerateArray().Select(r => string.Join(',', r.EnumerateArray().Select(CsvCell))));
                expected.Add("");
            }
            expected.Add("measure,value");
            expected.AddRange(json.GetProperty("summary").EnumerateArray().Select(m => m.GetProperty("name").GetString() + "," + CsvCell(m.GetProperty("value"))));
            expected.Add("");
            Assert.Equal(expected, lines);
        }
        var usage = await http.GetStringAsync($"api/reports/kb-usage.csv?{Period}");
        Assert.Contains("inject,'=1+1 公式,1,0,0,0,0", usage);
    }

    [Fact]
    public void Csv_cells_that_a_spreadsheet_would_run_are_defused_and_quoted()
    {
        Assert.Equal("'=SUM(A1:A2)", ReportCsv.Escape("=SUM(A1:A2)"));
        Assert.Equal("'+1", ReportCsv.Escape("+1"));
        Assert.Equal("'-2", ReportCsv.Escape("-2"));
        Assert.Equal("'@cmd", ReportCsv.Escape("@cmd"));
        Assert.Equal("\"'=HYPERLINK(\"\"x\"\",\"\"y\"\")\"", ReportCsv.Escape("=HYPERLINK(\"x\",\"y\")"));
        Assert.Equal("\"续借, 图书\"", ReportCsv.Escape("续借, 图书"));
        Assert.Equal("plain", ReportCsv.Escape("plain"));
    }

    [Fact]
    public async Task Only_admins_read_reports()
    {
        await App.AddStaffAsync("li", "librarian");
        var (librarian, _, _) = await LibrarianClient.SignInAsync(App, "li", "li-password");
        Assert.Equal(HttpStatusCode.Forbidden, (await librarian.GetAsync($"api/reports/volume?{Period}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await librarian.GetAsync($"api/reports/volume.csv?{Period}")).StatusCode);
        var page = await librarian.GetAsync("staff/reports");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/staff/login", page.Headers.Location!.PathAndQuery);
        using var anonymous = App.CreateHttpClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"api/reports/volume?{Period}")).StatusCode);

        var admin = await AdminAsync();
        var index = await admin.GetFromJsonAsync<JsonElement>("api/reports");
        Assert.Equal(ReportCatalog.Names, index.GetProperty("reports").EnumerateArray().Select(n => n.GetString()));
        Assert.Equal("2026-11-24", index.GetProperty("to").GetString());
        Assert.Equal("2026-10-26", index.GetProperty("from").GetString());
        Assert.Contains("/dist/reports.js", await admin.GetStringAsync("staff/reports"));
    }

    /// <summary>
    /// Tuesday 24 and Wednesday 25 November 2026, Shanghai time. Waits, first responses and durations in seconds:
    /// 1 Tue 11:00 general 20/10/300 ★5 · 2 Tue 11:10 40/5/600 ★4 · 3 Tue 14:00 90/30/1200 ★4 · 4 Tue 14:30 10/—/120 ·
    /// 5 Tue 16:00 abandoned after 200 · 6 Wed 09:00 400/70/2000 ★2 · 7 Wed 09:45 abandoned after 30 ·
    /// 8 Wed 10:00 research (auto) 0/15/60 ★3. Knowledge base: patron 1 opens an article at 11:00 and chats
    /// at once (not deflected); a browsing patron opens one at 11:05 and never chats (deflected); patron 5
    /// opens one at 15:00 and chats only at 16:00, past the 30-minute window (deflected).
    /// </summary>
    private async Task PlayDataSetAsync()
    {
        var (editor, editorToken) = await StaffHttpAsync("ed", "editor");
        await Json.SendOkAsync(editor, Json.Post("api/editor/articles", KbRequests.Article("renew-books", "如何续借图书"), editorToken));
        await Json.SendOkAsync(editor, Json.Post("api/editor/articles", KbRequests.Article("inject", "=1+1 公式"), editorToken));
        var librarian = await LibrarianAsync("lib", ["general", "research"], capacity: 5);

        var p1 = await PatronAsync();
        await KbRequests.FeedbackAsync(App, p1.Visitor, "renew-books", "opened");
        await AnsweredAsync(librarian, p1, "general", wait: 20, firstResponse: 10, duration: 300, rating: 5);

        var browser = await PatronClient.NewVisitorAsync(App);
        foreach (var kind in new[] { "shown", "shown", "shown", "opened", "helpful" })
            await KbRequests.FeedbackAsync(App, browser, "renew-books", kind);
        await KbRequests.FeedbackAsync(App, browser, "inject", "shown");
        await Json.SendOkAsync(librarian.Http, Json.Post("api/staff/kb/events", new { articleId = "renew-books", kind = "inserted", query = "续借" }, librarian.AntiforgeryToken));

        await AtAsync(0, 11, 10);
        await AnsweredAsync(librarian, await PatronAsync(), "general", 40, 5, 600, 4);
        await AtAsync(0, 14, 0);
        await AnsweredAsync(librarian, await PatronAsync(), "general", 90, 30, 1200, 4);
        await AtAsync(0, 14, 30);
        await AnsweredAsync(librarian, await PatronAsync(), "general", 10, null, 120, null);

        var p5 = await PatronAsync();
        await AtAsync(0, 15, 0);
        await KbRequests.FeedbackAsync(App, p5.Visitor, "renew-books", "opened");
        await AtAsync(0, 16, 0);
        await AbandonedAsync(p5, 200);

        await AtAsync(1, 9, 0);
        await AnsweredAsync(librarian, await PatronAsync(), "general", 400, 70, 2000, 2);
        await AtAsync(1, 9, 45);
        await AbandonedAsync(await PatronAsync(), 30);
        await AtAsync(1, 10, 0);
        await AnsweredAsync(librarian, await PatronAsync(), "research", 0, 15, 60, 3);
    }

    /// <summary>Moves the clock to a Shanghai time on day 0 (Tuesday) or 1 (Wednesday).</summary>
    private Task AtAsync(int day, int hour, int minute)
    {
        var target = new DateTimeOffset(2026, 11, 24 + day, hour, minute, 0, TimeSpan.FromHours(8));
        Assert.True(target >= Time.GetUtcNow(), "the data set runs forward in time");
        Time.SetUtcNow(target);
        return Task.CompletedTask;
    }

    private async Task AnsweredAsync(LibrarianClient librarian, PatronClient patron, string queue, int wait, int? firstResponse, int duration, int? rating)
    {
        var created = Time.GetUtcNow();
        var chat = await patron.StartChatAsync("怎么续借图书？", queue);
        if (queue == "research")
            await librarian.Assigned.WaitAsync(c => c.ConversationId == chat.ConversationId, "auto assignment");
        else
        {
            Time.Advance(TimeSpan.FromSeconds(wait));
            await librarian.AcceptAsync(chat.ConversationId);
        }
        if (firstResponse is { } seconds)
        {
            Time.Advance(TimeSpan.FromSeconds(seconds));
            await librarian.SendAsync(chat.ConversationId, "您好");
        }
        Time.SetUtcNow(created.AddSeconds(duration));
        await librarian.Hub.InvokeAsync<ChatSummary>("EndChat", chat.ConversationId);
        if (rating is { } score)
            await patron.Hub.InvokeAsync("RateChat", chat.ConversationId, score, "谢谢");
    }

    private async Task AbandonedAsync(PatronClient patron, int seconds)
    {
        var chat = await patron.StartChatAsync("有人吗？");
        Time.Advance(TimeSpan.FromSeconds(seconds));
        var ended = await patron.Hub.InvokeAsync<ChatState>("EndChat", chat.ConversationId);
        Assert.Equal(ConversationState.Abandoned, ended.State);
    }

    private async Task<(HttpClient, string)> StaffHttpAsync(string userName, string role)
    {
        await App.AddStaffAsync(userName, role);
        var (http, _, token) = await LibrarianClient.SignInAsync(App, userName, userName + "-password");
        return (Track(new DisposableHttp(http)).Http, token);
    }

    private async Task<HttpClient> AdminAsync() => (await StaffHttpAsync("boss", "admin")).Item1;

    private static async Task<JsonElement> ReportAsync(HttpClient http, string name, string query = Period)
    {
        using var response = await http.GetAsync($"api/reports/{name}?{query}");
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{name}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static List<string> Rows(JsonElement report) =>
        report.GetProperty("rows").EnumerateArray().Select(r => string.Join(',', r.EnumerateArray().Select(c => c.ValueKind switch
        {
            JsonValueKind.Null => "",
            JsonValueKind.String => c.GetString(),
            _ => c.GetRawText(),
        }))).ToList();

    private static Dictionary<(string Day, int Hour), int> Cells(JsonElement report)
    {
        var cells = new Dictionary<(string, int), int>();
        foreach (var row in report.GetProperty("rows").EnumerateArray())
        {
            var values = row.EnumerateArray().ToList();
            for (var hour = 0; hour < 24; hour++)
                cells[(values[0].GetString()!, hour)] = values[hour + 1].GetInt32();
        }
        return cells;
    }

    private static double Measure(JsonElement report, string name) =>
        MeasureOrNull(report, name) ?? throw new Xunit.Sdk.XunitException($"{name} is null");

    private static double? MeasureOrNull(JsonElement report, string name)
    {
        var value = report.GetProperty("summary").EnumerateArray().Single(m => m.GetProperty("name").GetString() == name).GetProperty("value");
        return value.ValueKind == JsonValueKind.Null ? null : value.GetDouble();
    }

    /// <summary>What the CSV must hold for a JSON cell: numbers as written, text escaped, null empty.</summary>
    private static string CsvCell(JsonElement cell) => cell.ValueKind switch
    {
        JsonValueKind.Null => "",
        JsonValueKind.String => ReportCsv.Escape(cell.GetString()!),
        _ => cell.GetRawText(),
    };

    private sealed class DisposableHttp(HttpClient http) : IAsyncDisposable
    {
        public HttpClient Http { get; } = http;

        public ValueTask DisposeAsync()
        {
            Http.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
