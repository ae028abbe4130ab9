using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AskLibrary.Chat;
using AskLibrary.Chat.Contracts;
using AskLibrary.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace AskLibrary.Tests.Staff;

/// <summary>
/// The library-CRM reports (topics, READ scale, offline questions on time, segments over time) over small data
/// sets whose every number is worked out by hand below. Report time zone: Asia/Shanghai (the first queue's).
/// </summary>
public sealed class CrmReportTests : ChatTestBase
{
    /// <summary>
    /// Tuesday 24 November: A borrowing+renewal READ 2 · B borrowing READ 2 · C e-resources READ 4 · D answered, untagged ·
    /// E abandoned, tagged borrowing by an admin · F research queue, thesis READ 6.
    /// </summary>
    [Fact]
    public async Task Topics_and_read_scale_count_the_tags_and_levels_librarians_gave()
    {
        var lib = await LibrarianAsync("lib", ["general", "research"], capacity: 5);
        await AnsweredAsync(lib, "general", ["Borrowing", "renewal"], 2);
        await AnsweredAsync(lib, "general", ["borrowing"], 2);
        await AnsweredAsync(lib, "general", ["e-resources"], 4);
        await AnsweredAsync(lib, "general", [], null);
        var leaver = await PatronAsync();
        var abandoned = await leaver.StartChatAsync("有人吗？");
        Assert.Equal(ConversationState.Abandoned, (await leaver.Hub.InvokeAsync<ChatState>("EndChat", abandoned.ConversationId)).State);
        var (admin, _, adminToken) = await LibrarianClient.SignInAsync(App, "admin", TestApp.AdminPassword);
        await ClassifyAsync(admin, adminToken, abandoned.ConversationId, ["borrowing"], null);
        await AnsweredAsync(lib, "research", ["thesis"], 6);

        var topics = await ReportAsync(admin, "topics", "from=2026-11-24&to=2026-11-24");
        Assert.Equal(["borrowing,3,0.5", "e-resources,1,0.1667", "renewal,1,0.1667", "thesis,1,0.1667"], Rows(topics));
        Assert.Equal(new double[] { 6, 5, 0.8333, 4 }, new[] { "chats", "tagged", "taggedShare", "tags" }.Select(m => Measure(topics, m)));

        var read = await ReportAsync(admin, "read-scale", "from=2026-11-24&to=2026-11-24");
        Assert.Equal(["1,0,0", "2,2,0.5", "3,0,0", "4,1,0.25", "5,0,0", "6,1,0.25"], Rows(read));
        Assert.Equal(new double[] { 5, 4, 0.8, 3.5, 2 }, new[] { "answered", "rated", "ratedShare", "mean", "median" }.Select(m => Measure(read, m)));

        var research = await ReportAsync(admin, "topics", "from=2026-11-24&to=2026-11-24&queue=research");
        Assert.Equal(["thesis,1,1"], Rows(research));
        var elsewhen = await ReportAsync(admin, "read-scale", "from=2026-11-25&to=2026-11-26");
        Assert.Equal(new double?[] { 0, 0, null, null }, new[] { "answered", "rated", "ratedShare", "mean" }.Select(m => MeasureOrNull(elsewhen, m)));
    }

    /// <summary>
    /// The general queue is always open and tickets are due one working day later. Week of Tue 24 Nov: T1 answered after
    /// 2 h (on time), T2 after 30 h (late), T3 never answered (overdue by Monday), T4 closed unanswered. Week of Mon 30 Nov
    /// (now is Monday 12:00): T5 answered at once, T6 not yet due.
    /// </summary>
    [Fact]
    public async Task Offline_questions_on_time_sorts_every_ticket_by_its_deadline_per_week()
    {
        var (admin, token) = await AdminAsync();
        var t1 = await TicketAsync(admin, token);
        var t2 = await TicketAsync(admin, token);
        await TicketAsync(admin, token);
        var t4 = await TicketAsync(admin, token);
        Time.AdjustTime(Time.GetUtcNow().AddHours(2));
        await PostAsync(admin, token, $"api/staff/tickets/{t1}/answer", new { text = "Here is the answer." });
        await PostAsync(admin, token, $"api/staff/tickets/{t4}/status", new { status = "closed" });
        Time.AdjustTime(Time.GetUtcNow().AddHours(28));
        (admin, token) = await AdminAsync();
        await PostAsync(admin, token, $"api/staff/tickets/{t2}/answer", new { text = "Sorry for the wait." });

        Time.AdjustTime(new DateTimeOffset(2026, 11, 30, 10, 0, 0, TimeSpan.FromHours(8)));
        (admin, token) = await AdminAsync();
        var t5 = await TicketAsync(admin, token);
        await PostAsync(admin, token, $"api/staff/tickets/{t5}/answer", new { text = "At once." });
        await TicketAsync(admin, token);
        Time.AdjustTime(new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.FromHours(8)));

        var report = await ReportAsync(admin, "offline-on-time", "from=2026-11-24&to=2026-12-03");
        Assert.Equal(["week", "tickets", "onTime", "late", "overdue", "notYetDue", "closedUnanswered", "noDueDate"],
            report.GetProperty("columns").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(["2026-11-24,4,1,1,1,0,1,0", "2026-11-30,2,1,0,0,1,0,0"], Rows(report));
        Assert.Equal(new double[] { 6, 2, 1, 1, 0.5 }, new[] { "tickets", "onTime", "late", "overdue", "onTimeRate" }.Select(m => Measure(report, m)));
        var otherQueue = await ReportAsync(admin, "offline-on-time", "from=2026-11-24&to=2026-12-03&queue=law");
        Assert.Equal(["2026-11-24,0,0,0,0,0,0,0", "2026-11-30,0,0,0,0,0,0,0"], Rows(otherQueue));
    }

    /// <summary>
    /// Weeks Mon 16–Sun 22 and Mon 23–Sun 29 November, counted at the midnight after each Sunday (defaults: window 365
    /// days, lapsed after 120, long-term 6 chats over 90 days, growing 2 chats in 60 days). Shanghai noon dates:
    /// V1 six chats May–10 Nov (long-term) · V2 20 Oct and 18 Nov (growing) · V3 15 Sep, and 5 Dec after the period
    /// (occasional) · V4 1 Jun (lapsed) · V5 1 Jun 2025, outside the window (new) · V6 first chat 25 Nov (occasional
    /// from the second week) · V7 28 Jul: 117 days at the first count (occasional), 124 at the second (lapsed).
    /// </summary>
    [Fact]
    public async Task Segments_count_every_patron_as_of_the_end_of_each_week()
    {
        await ChatsAsync("v1", "2026-05-01", "2026-06-01", "2026-07-01", "2026-08-01", "2026-09-01", "2026-11-10");
        await ChatsAsync("v2", "2026-10-20", "2026-11-18");
        await ChatsAsync("v3", "2026-09-15", "2026-12-05");
        await ChatsAsync("v4", "2026-06-01");
        await ChatsAsync("v5", "2025-06-01");
        await ChatsAsync("v6", "2026-11-25");
        await ChatsAsync("v7", "2026-07-28");
        Time.AdjustTime(new DateTimeOffset(2026, 12, 10, 9, 0, 0, TimeSpan.FromHours(8)));
        var (admin, _) = await AdminAsync();

        var report = await ReportAsync(admin, "segments", "from=2026-11-16&to=2026-11-29&queue=law");
        Assert.Equal(["week", "through", "new", "occasional", "growing", "longTerm", "lapsed", "patrons"],
            report.GetProperty("columns").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(["2026-11-16,2026-11-22,1,2,1,1,1,6", "2026-11-23,2026-11-29,1,2,1,1,2,7"], Rows(report));
        Assert.Equal(new double[] { 7, 1, 2, 1, 1, 2 }, new[] { "patrons", "new", "occasional", "growing", "longTerm", "lapsed" }.Select(m => Measure(report, m)));

        // The queue filter is ignored (patrons belong to no queue); a period cut mid-week is counted at the period's end.
        var partial = await ReportAsync(admin, "segments", "from=2026-11-20&to=2026-11-24");
        Assert.Equal(["2026-11-20,2026-11-22,1,2,1,1,1,6", "2026-11-23,2026-11-24,1,2,1,1,1,6"], Rows(partial));
    }

    private async Task AnsweredAsync(LibrarianClient lib, string queue, string[] tags, int? readScale)
    {
        var patron = await PatronAsync();
        var chat = await patron.StartChatAsync("怎么续借图书？", queue);
        if (queue == "research")
            await lib.Assigned.WaitAsync(c => c.ConversationId == chat.ConversationId, "auto assignment");
        else
            await lib.AcceptAsync(chat.ConversationId);
        await lib.SendAsync(chat.ConversationId, "您好");
        await lib.Hub.InvokeAsync<ChatSummary>("EndChat", chat.ConversationId);
        if (tags.Length > 0 || readScale is not null)
            await ClassifyAsync(lib.Http, lib.AntiforgeryToken, chat.ConversationId, tags, readScale);
    }

    private static async Task ClassifyAsync(HttpClient http, string token, string conversationId, string[] tags, int? readScale)
    {
        using var response = await http.SendAsync(new HttpRequestMessage(HttpMethod.Put, $"api/staff/conversations/{conversationId}/classification")
        {
            Content = JsonContent.Create(new { tags, readScale }),
            Headers = { { "RequestVerificationToken", token } },
        });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private async Task<(HttpClient, string)> AdminAsync()
    {
        var (http, _, token) = await LibrarianClient.SignInAsync(App, "admin", TestApp.AdminPassword);
        return (Track(new DisposableHttp(http)).Http, token);
    }

    private static async Task<string> TicketAsync(HttpClient http, string token)
    {
        var ticket = await PostAsync(http, token, "api/staff/tickets/", new { queueId = "general", question = "Phone call: a book search", email = "p@example.edu.cn", claim = true });
        return ticket.GetProperty("id").GetString()!;
    }

    private static async Task<JsonElement> PostAsync(HttpClient http, string token, string path, object body)
    {
        using var response = await http.SendAsync(Json.Post(path, body, token));
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>Stores finished chats of one visitor at noon Shanghai time on each date, straight into the real store.</summary>
    private async Task ChatsAsync(string visitorId, params string[] dates)
    {
        var store = App.Services.GetRequiredService<IConversationStore>();
        foreach (var date in dates)
        {
            var at = DateTimeOffset.Parse(date + "T12:00:00+08:00", System.Globalization.CultureInfo.InvariantCulture);
            var id = Ids.New("c");
            var conversation = new Conversation
            {
                Id = id,
                QueueId = "general",
                VisitorId = visitorId,
                Question = "续借",
                StartClientMessageId = "start-" + id,
                State = ConversationState.Abandoned,
                CreatedAt = at,
                ClosedAt = at.AddMinutes(5),
            };
            await store.CreateAsync(conversation, new NewMessage(id, MessageKind.Patron, visitorId, null, "续借", "start-" + id, null, at), CancellationToken.None);
        }
    }

    private static async Task<JsonElement> ReportAsync(HttpClient http, string name, string query)
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

    private static double Measure(JsonElement report, string name) =>
        MeasureOrNull(report, name) ?? throw new Xunit.Sdk.XunitException($"{name} is null");

    private static double? MeasureOrNull(JsonElement report, string name)
    {
        var value = report.GetProperty("summary").EnumerateArray().Single(m => m.GetProperty("name").GetString() == name).GetProperty("value");
        return value.ValueKind == JsonValueKind.Null ? null : value.GetDouble();
    }

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
