using System.Net.Http.Json;
using System.Text;
using AskLibrary.Chat.Contracts;
using AskLibrary.Tests.Infrastructure;
using Deque.AxeCore.Playwright;
using Microsoft.AspNetCore.SignalR.Client;
using static Microsoft.Playwright.Assertions;

namespace AskLibrary.BrowserTests;

/// <summary>An admin opens the reports from the console after a few chats: SVG charts, tables, CSV downloads, no serious axe violations.</summary>
public sealed class ReportsDashboardTests(Browser browser) : BrowserTestBase(browser)
{
    [Fact]
    public async Task An_admin_sees_the_charts_of_todays_chats_and_downloads_them_as_csv()
    {
        await App.AddStaffAsync("lib", "librarian", ["general"]);
        await using (var librarian = await LibrarianClient.ConnectAsync(App, "lib"))
        {
            for (var i = 0; i < 2; i++)
            {
                await using var patron = await PatronClient.ConnectAsync(App);
                var chat = await patron.StartChatAsync($"问题 {i}");
                await librarian.AcceptAsync(chat.ConversationId);
                await librarian.SendAsync(chat.ConversationId, "您好");
                await librarian.Hub.InvokeAsync<ChatSummary>("EndChat", chat.ConversationId);
                await patron.Hub.InvokeAsync("RateChat", chat.ConversationId, 4 + i, "");
                // Tagged and rated by the librarian: borrowing twice, e-resources once; READ 2 and 5.
                using var classify = await librarian.Http.SendAsync(new HttpRequestMessage(HttpMethod.Put, $"api/staff/conversations/{chat.ConversationId}/classification")
                {
                    Content = JsonContent.Create(new { tags = i == 0 ? new[] { "borrowing" } : ["borrowing", "e-resources"], readScale = i == 0 ? 2 : 5 }),
                    Headers = { { "RequestVerificationToken", librarian.AntiforgeryToken } },
                });
                Assert.True(classify.IsSuccessStatusCode, await classify.Content.ReadAsStringAsync());
            }
            await using var leaving = await PatronClient.ConnectAsync(App);
            var left = await leaving.StartChatAsync("没人吗");
            await leaving.Hub.InvokeAsync<ChatState>("EndChat", left.ConversationId);
        }

        var page = await LibrarianConsoleAsync("boss", "admin");
        await page.GetByTestId("reports-link").ClickAsync();
        await ExpectAddressEndsWithAsync(page, "/staff/reports");
        await Expect(page.GetByTestId("report-status")).Not.ToBeEmptyAsync();
        await Expect(page.GetByTestId("card-chats").Locator("dd")).ToHaveTextAsync("3");

        await Expect(page.Locator("[data-testid=heatmap] rect.heat-cell")).ToHaveCountAsync(7 * 24);
        Assert.Equal(1, await page.Locator("[data-testid=heatmap] rect.heat-cell:not(.heat-0)").CountAsync());
        // 30 days × (chats, abandoned, missed).
        await Expect(page.Locator("[data-testid=chart-volume] rect.chart-bar-rect")).ToHaveCountAsync(30 * 3);
        await Expect(page.Locator("[data-testid=chart-wait] rect.chart-bar-rect")).ToHaveCountAsync(7);
        await Expect(page.Locator("[data-testid=chart-wait] line.chart-marker")).ToHaveCountAsync(2);
        await Expect(page.Locator("[data-testid=chart-duration] rect.chart-bar-rect")).ToHaveCountAsync(6);
        await Expect(page.Locator("[data-testid=chart-ratings] rect.chart-bar-rect")).ToHaveCountAsync(5);
        var ratingBars = page.Locator("[data-testid=chart-ratings] rect.chart-bar-rect");
        var ratingValues = await Task.WhenAll(Enumerable.Range(0, 5).Select(i => ratingBars.Nth(i).GetAttributeAsync("data-value")));
        Assert.Equal(new[] { "0", "0", "0", "1", "1" }, ratingValues.Select(v => v ?? ""));
        // The library-CRM reports: topics, READ scale, tickets on time (three series with a legend), segments (five).
        var topicBars = page.Locator("[data-testid=chart-topics] rect.chart-bar-rect");
        await Expect(topicBars).ToHaveCountAsync(2);
        Assert.Equal(["2", "1"], await Task.WhenAll(Enumerable.Range(0, 2).Select(async i => await topicBars.Nth(i).GetAttributeAsync("data-value") ?? "")));
        var readBars = page.Locator("[data-testid=chart-read-scale] rect.chart-bar-rect");
        await Expect(readBars).ToHaveCountAsync(6);
        Assert.Equal(["0", "1", "0", "0", "1", "0"], await Task.WhenAll(Enumerable.Range(0, 6).Select(async i => await readBars.Nth(i).GetAttributeAsync("data-value") ?? "")));
        await Expect(page.GetByTestId("card-tagged").Locator("dd")).ToHaveTextAsync("66.7%");
        await Expect(page.GetByTestId("card-read-mean").Locator("dd")).ToHaveTextAsync("3.50");
        await Expect(page.Locator("[data-testid=chart-offline-on-time]")).ToHaveCountAsync(1);
        await Expect(page.GetByTestId("legend-offline-on-time").Locator("li")).ToHaveCountAsync(3);
        await Expect(page.GetByTestId("legend-segments").Locator("li")).ToHaveCountAsync(5);
        // Three patrons with one recent chat each: all occasional at the end of the last week.
        await Expect(page.Locator("[data-testid=chart-segments] rect.chart-seg-occasional").Last).ToHaveAttributeAsync("data-value", "3");
        await page.GetByTestId("report-topics").Locator("summary").PressAsync("Enter");
        await Expect(page.GetByTestId("report-topics").Locator("table tbody tr").First).ToContainTextAsync("borrowing");

        // Every chart has a name and a description for screen readers, and its numbers as a table.
        foreach (var svg in await page.Locator("svg[role=img]").AllAsync())
            Assert.False(string.IsNullOrWhiteSpace(await svg.GetAttributeAsync("aria-labelledby")));
        await page.GetByTestId("report-ratings").Locator("summary").PressAsync("Enter");
        await Expect(page.GetByTestId("report-ratings").Locator("table tbody tr")).ToHaveCountAsync(5);

        var axe = await page.RunAxe();
        var serious = axe.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(serious.Count == 0, string.Join("; ", serious.Select(v => $"{v.Id} ({v.Impact}): {string.Join(", ", v.Nodes.Select(n => n.Target?.ToString()))}")));

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("csv-volume").ClickAsync());
        Assert.StartsWith("asklibrary-volume-", download.SuggestedFilename);
        var bytes = await File.ReadAllBytesAsync((await download.PathAsync())!);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var csv = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
        Assert.StartsWith("date,chats,answered,abandoned,missed\r\n", csv);
        Assert.Contains("chats,3\r\n", csv);
    }

    [Fact]
    public async Task A_manager_signs_in_to_the_reports_and_sees_no_console_or_admin_navigation()
    {
        await App.AddStaffAsync("head", "manager");
        var page = await NewPageAsync();
        await page.GotoAsync(Url("staff/login"));
        await page.FillAsync("#username", "head");
        await page.FillAsync("#password", "head-password");
        await page.ClickAsync("button[type=submit]");

        await ExpectAddressEndsWithAsync(page, "/staff/reports");
        await Expect(page.GetByTestId("report-status")).Not.ToBeEmptyAsync();
        await Expect(page.GetByTestId("card-chats").Locator("dd")).ToHaveTextAsync("0");
        await Expect(page.GetByTestId("kb-link")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("console-link")).ToBeHiddenAsync();
        Assert.Equal(0, await page.Locator("#admin-nav, [data-view=admin], a[href^='/api/admin']").CountAsync());
        // Oversight: the overdue tickets (none here) and the audit log, which records that very look at the tickets.
        await page.GetByTestId("overdue-toggle").ClickAsync();
        await Expect(page.GetByTestId("no-overdue")).ToBeVisibleAsync();
        await page.GetByTestId("audit-toggle").ClickAsync();
        await Expect(page.Locator("[data-testid=audit-row][data-action='tickets.listed']")).ToHaveCountAsync(1);
        // The console is not theirs: asking for it lands on the reports again.
        await page.GotoAsync(Url("staff/"));
        await ExpectAddressEndsWithAsync(page, "/staff/reports");
    }

    [Fact]
    public async Task An_admin_on_the_reports_page_has_the_link_back_to_the_console()
    {
        var page = await LibrarianConsoleAsync("chief", "admin");
        await page.GotoAsync(Url("staff/reports"));
        await Expect(page.GetByTestId("console-link")).ToBeVisibleAsync();
    }
}
