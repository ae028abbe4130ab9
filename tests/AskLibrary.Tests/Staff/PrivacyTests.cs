using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AskLibrary.Chat;
using AskLibrary.Chat.Contracts;
using AskLibrary.Patrons;
using AskLibrary.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace AskLibrary.Tests.Staff;

/// <summary>Retention, queues that keep no transcripts, and a patron's export and erasure — personal data goes, statistics stay.</summary>
public sealed class PrivacyTests : ChatTestBase
{
    protected override Dictionary<string, string?>? Settings => new()
    {
        ["AskLibrary:Privacy:RetentionDays"] = "365",
        ["AskLibrary:Queues:3:Id"] = "counselling",
        ["AskLibrary:Queues:3:Name"] = "Confidential counselling",
        ["AskLibrary:Queues:3:RecordTranscripts"] = "false",
    };

    private IConversationStore Store => App.Services.GetRequiredService<IConversationStore>();

    [Fact]
    public async Task After_the_retention_period_names_emails_phone_and_card_numbers_are_scrubbed_and_the_statistics_stay()
    {
        var librarian = await LibrarianAsync("li");
        var (old, _) = await FinishedChatAsync(librarian, "general");
        // Jump the clock without replaying every one-second maintenance tick on the way (that would take minutes).
        Time.AdjustTime(Time.GetUtcNow().AddDays(300));
        var (recent, _) = await FinishedChatAsync(librarian, "general");
        var before = (await Store.FindAsync(old, CancellationToken.None))!;
        var countBefore = (await Store.ListMessagesAsync(old, 0, includeNotes: true, CancellationToken.None)).Count;

        Time.AdjustTime(Time.GetUtcNow().AddDays(70)); // the first chat is now 370 days old, the second 70
        Time.Advance(TimeSpan.FromMinutes(1)); // the privacy job's tick
        await App.WaitUntilAsync(async _ => (await Store.FindAsync(old, CancellationToken.None))!.AnonymisedAt is not null);

        var after = (await Store.FindAsync(old, CancellationToken.None))!;
        var texts = string.Join("\n", (await Store.ListMessagesAsync(old, 0, includeNotes: true, CancellationToken.None)).Select(m => m.Text)) + "\n" + after.Question + "\n" + after.Rating!.Comment;
        foreach (var personal in new[] { "Wang Fang", "wf@example.edu.cn", "2020123456", "138 0013 8000" })
            Assert.DoesNotContain(personal, texts);
        Assert.Contains(PersonalData.EmailMark, texts);
        Assert.Contains(PersonalData.NumberMark, texts);
        Assert.Contains(PersonalData.NameMark, texts);
        Assert.Contains("renewed", texts); // the substance of the answer stays readable
        Assert.Equal(PatronDetails.Empty, after.Patron);
        // Statistics: the same times, queue, librarian, rating score and number of messages.
        Assert.Equal((before.CreatedAt, before.AcceptedAt, before.FirstResponseAt, before.ClosedAt, before.QueueId, before.AssignedToId, before.Rating!.Score),
            (after.CreatedAt, after.AcceptedAt, after.FirstResponseAt, after.ClosedAt, after.QueueId, after.AssignedToId, after.Rating.Score));
        Assert.Equal(countBefore, (await Store.ListMessagesAsync(old, 0, includeNotes: true, CancellationToken.None)).Count);
        // The transcript search no longer finds the card number; the recent chat is untouched.
        var (found, _) = await Store.SearchAsync(new TranscriptQuery(null, null, null, "2020123456", 0, 10), CancellationToken.None);
        Assert.Equal([recent], found.Select(c => c.Id));
        Assert.Null((await Store.FindAsync(recent, CancellationToken.None))!.AnonymisedAt);
        Assert.Equal(0, (await App.Services.GetRequiredService<PatronPrivacy>().ApplyRetentionAsync(CancellationToken.None)).Total);
    }

    [Fact]
    public async Task A_queue_that_keeps_no_transcripts_loses_the_texts_a_minute_after_the_chat_ends()
    {
        var librarian = await LibrarianAsync("li");
        var (chat, _) = await FinishedChatAsync(librarian, "counselling");
        var (kept, _) = await FinishedChatAsync(librarian, "general");

        Time.Advance(TimeSpan.FromMinutes(1)); // the privacy job's tick
        await App.WaitUntilAsync(async _ => (await Store.FindAsync(chat, CancellationToken.None))!.TextDiscardedAt is not null);

        var messages = await Store.ListMessagesAsync(chat, 0, includeNotes: true, CancellationToken.None);
        Assert.All(messages.Where(m => m.Kind != MessageKind.System), m => Assert.Equal("", m.Text));
        Assert.Contains(messages, m => m.Event == SystemEvents.Ended);
        var discarded = (await Store.FindAsync(chat, CancellationToken.None))!;
        Assert.Equal(("", PatronDetails.Empty, 4, (string?)null), (discarded.Question, discarded.Patron, discarded.Rating!.Score, discarded.Rating.Comment));
        Assert.NotNull(discarded.FirstResponseAt);
        Assert.Contains(await Store.ListMessagesAsync(kept, 0, includeNotes: true, CancellationToken.None), m => m.Text.Contains("2020123456"));
    }

    [Fact]
    public async Task An_admin_exports_a_patrons_data_and_erases_it_on_request_and_both_are_audited()
    {
        var librarian = await LibrarianAsync("li");
        var (chat, visitorId) = await FinishedChatAsync(librarian, "general");
        var (admin, _, token) = await LibrarianClient.SignInAsync(App, "admin", TestApp.AdminPassword);

        var export = await admin.GetFromJsonAsync<JsonElement>($"api/admin/patrons/{visitorId}/export");
        var exported = export.GetProperty("conversations").EnumerateArray().Single();
        Assert.Equal(chat, exported.GetProperty("conversationId").GetString());
        var said = exported.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("text").GetString()).ToList();
        Assert.Contains(said, t => t!.Contains("wf@example.edu.cn"));
        Assert.DoesNotContain(said, t => t!.Contains("internal")); // librarians' notes are not the patron's data
        Assert.Equal(HttpStatusCode.Forbidden, (await librarian.Http.GetAsync($"api/admin/patrons/{visitorId}/export")).StatusCode);

        // While the patron has an open chat, erasure waits.
        var again = await PatronAsync(new VisitorSession(visitorId, _visitorTokens[visitorId]));
        await again.StartChatAsync("One more thing");
        var refused = await admin.SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"api/admin/patrons/{visitorId}") { Headers = { { "RequestVerificationToken", token } } });
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        await again.Hub.InvokeAsync<ChatState>("EndChat", (await again.Hub.InvokeAsync<ChatState?>("GetCurrentChat"))!.ConversationId);

        var erased = await admin.SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"api/admin/patrons/{visitorId}") { Headers = { { "RequestVerificationToken", token } } });
        Assert.Equal(HttpStatusCode.OK, erased.StatusCode);
        Assert.Equal(2, (await erased.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("anonymisedChats").GetInt32());
        var texts = string.Join("\n", (await Store.ListMessagesAsync(chat, 0, includeNotes: true, CancellationToken.None)).Select(m => m.Text));
        Assert.DoesNotContain("wf@example.edu.cn", texts);
        Assert.DoesNotContain("Wang Fang", texts);

        var audit = await admin.GetFromJsonAsync<JsonElement>($"api/admin/audit?subjectId={visitorId}");
        Assert.Equal(["patron.erased", "patron.exported"], audit.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("action").GetString()));
    }

    private readonly Dictionary<string, string> _visitorTokens = [];

    /// <summary>A whole chat full of personal data: question, patron details, replies, an internal note, a rating comment.</summary>
    private async Task<(string ConversationId, string VisitorId)> FinishedChatAsync(LibrarianClient librarian, string queue)
    {
        var patron = await PatronAsync();
        _visitorTokens[patron.Visitor.VisitorId] = patron.Visitor.Token;
        var chat = await patron.StartChatAsync("My email is wf@example.edu.cn and my card 2020123456 expired", queue,
            patron: new PatronDetails("Wang Fang", "wf@example.edu.cn", "2020123456"));
        await librarian.Queues.WaitAsync(q => q.Waiting.Any(w => w.ConversationId == chat.ConversationId));
        await librarian.AcceptAsync(chat.ConversationId);
        await librarian.SendAsync(chat.ConversationId, "Hello Wang Fang, card 2020123456 is renewed; questions: call 138 0013 8000.");
        await librarian.Hub.InvokeAsync<SendAck>("AddNote", chat.ConversationId, PatronClient.NewClientId(), "internal: checked the card");
        await patron.SendAsync(chat.ConversationId, "Thanks, I am Wang Fang from the law school.");
        await patron.Hub.InvokeAsync<ChatState>("EndChat", chat.ConversationId);
        await patron.Hub.InvokeAsync("RateChat", chat.ConversationId, 4, "Call me at 138 0013 8000 next time");
        return (chat.ConversationId, patron.Visitor.VisitorId);
    }
}
