using System.Text;
using AskLibrary.Chat.Contracts;
using AskLibrary.Patrons;
using AskLibrary.Tests.Infrastructure;
using Deque.AxeCore.Playwright;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AskLibrary.BrowserTests;

/// <summary>An admin checks a CSV of patron records, sees the rejected rows, fixes the file and imports it; then merges a suggested duplicate and undoes it.</summary>
public sealed class PatronAdminTests(Browser browser) : BrowserTestBase(browser)
{
    private static FilePayload Csv(string text) => new() { Name = "patrons.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(text) };

    [Fact]
    public async Task An_admin_checks_a_file_sees_the_rejected_rows_then_imports_the_fixed_file_and_merges_a_duplicate()
    {
        // Two devices of one person: one gave a card and an email, the other only the email — a likely duplicate.
        await App.AddStaffAsync("lib", "librarian", ["general"]);
        await using (var librarian = await LibrarianClient.ConnectAsync(App, "lib"))
        {
            foreach (var details in new[] { new PatronDetails("Li Na", "li.na@example.edu.cn", "2020999999"), new PatronDetails(null, "li.na@example.edu.cn", null) })
            {
                await using var patron = await PatronClient.ConnectAsync(App);
                var chat = await patron.StartChatAsync("借书问题", patron: details);
                await patron.Hub.InvokeAsync<ChatState>("EndChat", chat.ConversationId);
            }
        }

        var page = await LibrarianConsoleAsync("boss", "admin");
        await page.Locator("#admin-nav").ClickAsync();
        const string header = "card_number,name,email,phone,patron_type,department,expires\r\n";
        await page.GetByTestId("patron-csv").SetInputFilesAsync(Csv(header +
            "2020123456,张伟,zw@example.edu.cn,138 0013 8000,本科生,物理系,2027-06-30\r\n" +
            "2020123456,重复,dup@example.edu.cn,,,,\r\n" +
            "2020000002,<b>王芳</b>,not-an-email,,,,\r\n"));
        await page.GetByTestId("patron-check").ClickAsync();
        await Expect(page.GetByTestId("patron-report-summary")).ToHaveAttributeAsync("data-outcome", "rejected");
        await Expect(page.GetByTestId("patron-rejected-row")).ToHaveCountAsync(2);
        await Expect(page.GetByTestId("patron-rejected-row").Nth(0).Locator("td").Nth(0)).ToHaveTextAsync("3");
        await Expect(page.GetByTestId("patron-rejected-row").Nth(1).Locator("td").Nth(1)).ToHaveTextAsync("email");
        await Expect(page.GetByTestId("patron-import")).ToBeDisabledAsync();
        var directory = App.Services.GetRequiredService<IPatronDirectory>();
        Assert.Null(await directory.FindRecordAsync("2020123456", CancellationToken.None));

        await page.GetByTestId("patron-csv").SetInputFilesAsync(Csv(header +
            "2020123456,张伟,zw@example.edu.cn,138 0013 8000,本科生,物理系,2027-06-30\r\n" +
            "2020000002,<b>王芳</b>,wf@example.edu.cn,,,,\r\n"));
        await page.GetByTestId("patron-check").ClickAsync();
        await Expect(page.GetByTestId("patron-report-summary")).ToHaveAttributeAsync("data-outcome", "ready");
        await Expect(page.GetByTestId("patron-report-summary")).ToContainTextAsync("2");
        await Expect(page.GetByTestId("patron-import")).ToBeEnabledAsync();
        Assert.Null(await directory.FindRecordAsync("2020123456", CancellationToken.None)); // a check writes nothing
        await page.GetByTestId("patron-import").ClickAsync();
        // The button is disabled while the upload runs; the summary changes only when the server has answered.
        await Expect(page.GetByTestId("patron-report-summary")).ToHaveAttributeAsync("data-outcome", "imported");
        await Expect(page.GetByTestId("patron-import")).ToBeDisabledAsync();
        Assert.Equal("张伟", (await directory.FindRecordAsync("2020123456", CancellationToken.None))?.Name);
        Assert.Equal("<b>王芳</b>", (await directory.FindRecordAsync("2020000002", CancellationToken.None))?.Name); // text, stored as given

        // The duplicate: merge it, see the merge listed, undo it.
        await Expect(page.GetByTestId("patron-merge")).ToHaveCountAsync(1);
        await page.GetByTestId("patron-merge").ClickAsync();
        await Expect(page.GetByTestId("patron-merge-row")).ToHaveCountAsync(1);
        await Expect(page.GetByTestId("patron-merge")).ToHaveCountAsync(0);

        var axe = await page.RunAxe();
        var serious = axe.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(serious.Count == 0, string.Join("; ", serious.Select(v => $"{v.Id} ({v.Impact}): {string.Join(", ", v.Nodes.Select(n => n.Target?.ToString()))}")));

        await page.GetByTestId("patron-unmerge").ClickAsync();
        await Expect(page.GetByTestId("patron-merge-row")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("patron-merge")).ToHaveCountAsync(1);
    }
}
