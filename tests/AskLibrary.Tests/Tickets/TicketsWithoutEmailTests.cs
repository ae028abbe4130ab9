using System.Net.Http.Json;
using AskLibrary.Chat.Contracts;
using AskLibrary.Tests.Infrastructure;
using AskLibrary.Tickets;
using Microsoft.AspNetCore.SignalR.Client;

namespace AskLibrary.Tests.Tickets;

/// <summary>No AskLibrary:Email:Host: answers are stored, marked as not emailed, and the console is told.</summary>
public sealed class TicketsWithoutEmailTests : ChatTestBase
{
    [Fact]
    public async Task Answers_are_stored_but_not_emailed_and_the_settings_say_so()
    {
        var librarian = await LibrarianAsync("li");
        var settings = await librarian.Http.GetFromJsonAsync<TicketSettings>("api/staff/tickets/settings", Json.Options);
        Assert.False(settings!.EmailEnabled);
        Assert.Equal("1 working day", settings.AnswerWithin);

        var patron = await PatronAsync();
        var receipt = await patron.Hub.InvokeAsync<OfflineQuestionReceipt>("LeaveQuestion",
            new OfflineQuestionRequest("general", "Do you have scanners?", "s@example.org", null, "req-1"));
        await librarian.Http.SendAsync(Json.Post($"api/staff/tickets/{receipt.Id}/claim", new { }, librarian.AntiforgeryToken));
        var response = await librarian.Http.SendAsync(Json.Post($"api/staff/tickets/{receipt.Id}/answer",
            new TicketAnswerInput("Yes, on every floor.", TicketStatus.Pending), librarian.AntiforgeryToken));
        var ticket = (await response.Content.ReadFromJsonAsync<TicketView>(Json.Options))!;

        Assert.Equal(TicketStatus.Pending, ticket.Status);
        var answer = Assert.Single(ticket.Answers);
        Assert.Equal(("Yes, on every floor.", Delivery.Disabled), (answer.Text, answer.Delivery));
    }
}
