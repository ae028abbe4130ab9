using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AskLibrary.Chat.Contracts;
using AskLibrary.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;

namespace AskLibrary.Tests.Ratings;

/// <summary>"My ratings": a librarian reads only their own rated chats, with their average beside the service's.</summary>
public sealed class MyRatingsTests : ChatTestBase
{
    [Fact]
    public async Task A_librarian_sees_only_their_own_ratings_with_counts_and_averages_beside_the_service()
    {
        var li = await LibrarianAsync("li");
        var mei = await LibrarianAsync("mei");
        var patron = await PatronAsync();
        var fine = await RatedChatAsync(li, patron, 4, "Clear answer");
        var great = await RatedChatAsync(li, patron, 5, null);
        await RatedChatAsync(li, patron, null, null);
        var poor = await RatedChatAsync(mei, patron, 1, "Too slow");

        var mine = await li.Http.GetFromJsonAsync<JsonElement>("api/staff/ratings");
        Assert.Equal(li.StaffId, mine.GetProperty("staffId").GetString());
        AssertSummary(mine.GetProperty("mine"), 2, 4.5, [0, 0, 0, 1, 1]);
        AssertSummary(mine.GetProperty("service"), 3, 3.33, [1, 0, 0, 1, 1]);
        var items = mine.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal([great, fine], items.Select(i => i.GetProperty("conversationId").GetString()));
        Assert.Equal((4, "Clear answer"), (items[1].GetProperty("score").GetInt32(), items[1].GetProperty("comment").GetString()));

        // Someone else's ratings: refused for a librarian, allowed for an admin.
        var refused = await li.Http.GetAsync($"api/staff/ratings?staffId={mei.StaffId}");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("forbidden", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var (admin, _, _) = await LibrarianClient.SignInAsync(App, "admin", TestApp.AdminPassword);
        var meis = await admin.GetFromJsonAsync<JsonElement>($"api/staff/ratings?staffId={mei.StaffId}");
        AssertSummary(meis.GetProperty("mine"), 1, 1, [1, 0, 0, 0, 0]);
        Assert.Equal(poor, Assert.Single(meis.GetProperty("items").EnumerateArray()).GetProperty("conversationId").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("api/staff/ratings?staffId=st_nobody")).StatusCode);

        // A period without chats: nothing, and no average; a malformed date is invalid_argument.
        var empty = await li.Http.GetFromJsonAsync<JsonElement>("api/staff/ratings?from=2026-10-01&to=2026-10-31");
        AssertSummary(empty.GetProperty("mine"), 0, null, [0, 0, 0, 0, 0]);
        Assert.Equal(JsonValueKind.Null, empty.GetProperty("service").GetProperty("average").ValueKind);
        var bad = await li.Http.GetAsync("api/staff/ratings?from=yesterday");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("invalid_argument", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Rating comments are patron text: every view is on record.
        var audit = await admin.GetFromJsonAsync<JsonElement>("api/admin/audit");
        Assert.Equal(3, audit.GetProperty("items").EnumerateArray().Count(e => e.GetProperty("action").GetString() == "ratings.viewed"));
    }

    private static void AssertSummary(JsonElement summary, int count, double? average, int[] byScore)
    {
        Assert.Equal(count, summary.GetProperty("count").GetInt32());
        Assert.Equal(average, summary.GetProperty("average").ValueKind == JsonValueKind.Null ? null : summary.GetProperty("average").GetDouble());
        Assert.Equal(byScore, summary.GetProperty("byScore").EnumerateArray().Select(s => s.GetInt32()));
    }

    private async Task<string> RatedChatAsync(LibrarianClient librarian, PatronClient patron, int? score, string? comment)
    {
        var chat = await patron.StartChatAsync("Where is the thesis room?");
        await librarian.AcceptAsync(chat.ConversationId);
        Time.Advance(TimeSpan.FromMinutes(3));
        await librarian.Hub.InvokeAsync<ChatSummary>("EndChat", chat.ConversationId);
        if (score is { } s)
            await patron.Hub.InvokeAsync("RateChat", chat.ConversationId, s, comment);
        Time.Advance(TimeSpan.FromMinutes(1));
        return chat.ConversationId;
    }
}
