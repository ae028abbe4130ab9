using AskLibrary.Chat;
using AskLibrary.Chat.Contracts;
using AskLibrary.Patrons;
using static AskLibrary.Tests.Storage.Contracts.StoreSamples;

namespace AskLibrary.Tests.Storage.Contracts;

/// <summary>What every IVisitorStore promises: upserted visitors, one block per visitor, blocks in force.</summary>
public abstract class VisitorStoreContract : StoreContract
{
    [SkippableFact]
    public async Task A_visitor_is_upserted_and_found()
    {
        var visitors = Store.Visitors;
        var visitor = new Visitor("v_1", new PatronDetails("Li", "li@example.org", null), T0, T0);
        await visitors.UpsertAsync(visitor, None);
        var seenAgain = visitor with { LastSeenAt = T0.AddDays(1), Details = PatronDetails.Empty, KeyPatron = true };
        await visitors.UpsertAsync(seenAgain, None);
        Assert.Equal(seenAgain, await visitors.FindAsync("v_1", None));
        Assert.Null(await visitors.FindAsync("v_2", None));
    }

    [SkippableFact]
    public async Task Blocks_in_force_list_soonest_ending_first_one_per_visitor()
    {
        var visitors = Store.Visitors;
        await visitors.SaveBlockAsync(new VisitorBlock("v_1", T0.AddHours(2), "spam", "s_1", T0), None);
        await visitors.SaveBlockAsync(new VisitorBlock("v_2", T0.AddHours(1), "abuse", "s_1", T0), None);
        await visitors.SaveBlockAsync(new VisitorBlock("v_3", T0.AddMinutes(-1), "expired", "s_1", T0.AddHours(-1)), None);
        var extended = new VisitorBlock("v_1", T0.AddHours(3), "spam again", "s_2", T0.AddMinutes(5));
        await visitors.SaveBlockAsync(extended, None);
        Assert.Equal([new VisitorBlock("v_2", T0.AddHours(1), "abuse", "s_1", T0), extended], await visitors.ListBlocksAsync(T0, None));
        await visitors.RemoveBlockAsync("v_2", None);
        await visitors.RemoveBlockAsync("v_never_blocked", None);
        Assert.Equal([extended], await visitors.ListBlocksAsync(T0, None));
        Assert.Empty(await visitors.ListBlocksAsync(T0.AddHours(3), None));
    }
}

/// <summary>What every ITranscriptRequestStore promises: per-chat lists and the outbox's unsent requests.</summary>
public abstract class TranscriptRequestStoreContract : StoreContract
{
    [SkippableFact]
    public async Task Requests_list_per_conversation_oldest_first()
    {
        var requests = Store.TranscriptRequests;
        var second = new TranscriptRequestRecord("tr_2", "c_1", "b@example.org", T0.AddMinutes(1), null);
        var first = new TranscriptRequestRecord("tr_1", "c_1", "a@example.org", T0, null);
        await requests.AddAsync(second, None);
        await requests.AddAsync(first, None);
        await requests.AddAsync(new TranscriptRequestRecord("tr_3", "c_2", "c@example.org", T0, null), None);
        Assert.Equal([first, second], await requests.ListForConversationAsync("c_1", None));
        Assert.Empty(await requests.ListForConversationAsync("c_none", None));
    }

    [SkippableFact]
    public async Task Unsent_requests_are_those_not_sent_and_tried_fewer_times_than_the_limit()
    {
        var requests = Store.TranscriptRequests;
        var fresh = new TranscriptRequestRecord("tr_fresh", "c_1", "a@example.org", T0.AddMinutes(2), null);
        var retried = new TranscriptRequestRecord("tr_retried", "c_1", "a@example.org", T0, null, Attempts: 2);
        var sent = new TranscriptRequestRecord("tr_sent", "c_1", "a@example.org", T0, null);
        var givenUp = new TranscriptRequestRecord("tr_given_up", "c_1", "a@example.org", T0, null);
        // Requests are added unsent and untried, then the outbox records its tries (as TranscriptMailer does).
        foreach (var request in new[] { fresh, retried, sent, givenUp })
            await requests.AddAsync(request with { SentAt = null, Attempts = 0 }, None);
        await requests.ReplaceAsync(retried, None);
        await requests.ReplaceAsync(sent with { SentAt = T0.AddMinutes(1), Attempts = 1 }, None);
        await requests.ReplaceAsync(givenUp with { Attempts = 3 }, None);
        Assert.Equal([retried, fresh], await requests.ListUnsentAsync(3, None));
        Assert.Equal([fresh], await requests.ListUnsentAsync(2, None));
        await requests.ReplaceAsync(fresh with { SentAt = T0.AddMinutes(3), Attempts = 1 }, None);
        Assert.Equal([retried], await requests.ListUnsentAsync(3, None));
        Assert.Contains(fresh with { SentAt = T0.AddMinutes(3), Attempts = 1 }, await requests.ListForConversationAsync("c_1", None));
    }
}
