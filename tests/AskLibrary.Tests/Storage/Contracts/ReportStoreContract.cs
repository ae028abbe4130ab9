using AskLibrary.Chat;
using AskLibrary.Chat.Contracts;
using AskLibrary.Knowledge.Articles;
using AskLibrary.Reports;
using static AskLibrary.Tests.Storage.Contracts.StoreSamples;

namespace AskLibrary.Tests.Storage.Contracts;

/// <summary>
/// What every IReportStore answers on a small generated data set whose answers are worked out by hand below:
/// the SQL of the embedded store and the aggregation pipelines of MongoDB must give the same numbers.
/// </summary>
public abstract class ReportStoreContract : StoreContract
{
    private static readonly DateTimeOffset Start = T0.AddHours(-1);
    private static readonly DateTimeOffset End = T0.AddDays(1);

    /// <summary>Five chats in the period (a, b, c, d, f) and one before it (e).</summary>
    private async Task SeedConversationsAsync()
    {
        var conversations = Store.Conversations;
        async Task Add(string id, string visitor, string queue, DateTimeOffset created, Func<Conversation, Conversation> change)
        {
            var c = Conversation(id, visitor, queue, created);
            await conversations.CreateAsync(c, Message(id, "q", c.StartClientMessageId, at: created), None);
            await conversations.ReplaceAsync(change(c), None);
        }

        await Add("c_a", "v_a", "general", T0, c => c with
        {
            State = ConversationState.Closed,
            AcceptedAt = T0.AddSeconds(30),
            FirstResponseAt = T0.AddSeconds(60),
            ClosedAt = T0.AddMinutes(10),
            Rating = new ChatRating(5, "great", T0.AddMinutes(11)),
        });
        await Add("c_b", "v_b", "general", T0.AddHours(1), c => c with { State = ConversationState.Abandoned, ClosedAt = T0.AddHours(1).AddMinutes(5) });
        await Add("c_c", "v_x", "general", T0.AddHours(2), c => c);
        await Add("c_d", "v_c", "law", T0.AddHours(3), c => c with { State = ConversationState.Active, AcceptedAt = T0.AddHours(3).AddMinutes(2) });
        await Add("c_e", "v_y", "general", T0.AddDays(-1), c => c with { State = ConversationState.Closed, ClosedAt = T0 });
        await Add("c_f", "v_e", "general", T0.AddHours(7.5), c => c);
    }

    private async Task SeedKnowledgeAsync()
    {
        var kb = Store.Knowledge;
        await kb.SaveAsync(Article("kb_1"), "created", None);
        async Task E(KbEventKind kind, double minutes, string? visitor, string article = "kb_1") =>
            await kb.AddEventAsync(new KbEvent(article, kind, null, visitor, visitor is null ? "s_1" : null, T0.AddMinutes(minutes)), None);
        await E(KbEventKind.Shown, -30, "v_a");
        await E(KbEventKind.Shown, -20, "v_a");
        await E(KbEventKind.Shown, 5, "v_b");
        await E(KbEventKind.Opened, -10, "v_a");        // v_a chats 10 minutes later: not deflected
        await E(KbEventKind.Opened, 10, "v_b");         // v_b's chat is 50 minutes later...
        await E(KbEventKind.Opened, 40, "v_b");         // ...but 20 minutes after this open: not deflected
        await E(KbEventKind.Opened, 5 * 60, "v_c");     // v_c's chat was two hours before: deflected
        await E(KbEventKind.Opened, 7 * 60, "v_e");     // v_e's chat is exactly 30 minutes later, outside the window: deflected
        await E(KbEventKind.NotHelpful, 6, "v_b");
        await E(KbEventKind.Opened, 60, null, "kb_2");  // a librarian's open, of an article that is not stored
        await E(KbEventKind.Shown, -2 * 24 * 60, "v_z"); // before the period
        await E(KbEventKind.Opened, -2 * 24 * 60, "v_z");
    }

    [SkippableFact]
    public async Task Conversation_facts_are_the_period_s_chats_oldest_first()
    {
        await SeedConversationsAsync();
        var facts = await Store.Reports.ListConversationFactsAsync(Start, End, null, None);
        Assert.Equal(
        [
            new ConversationFacts("general", ConversationState.Closed, T0, T0.AddSeconds(30), T0.AddSeconds(60), T0.AddMinutes(10), 5),
            new ConversationFacts("general", ConversationState.Abandoned, T0.AddHours(1), null, null, T0.AddHours(1).AddMinutes(5), null),
            new ConversationFacts("general", ConversationState.Waiting, T0.AddHours(2), null, null, null, null),
            new ConversationFacts("law", ConversationState.Active, T0.AddHours(3), T0.AddHours(3).AddMinutes(2), null, null, null),
            new ConversationFacts("general", ConversationState.Waiting, T0.AddHours(7.5), null, null, null, null),
        ], facts);
        Assert.Equal([ConversationState.Active], (await Store.Reports.ListConversationFactsAsync(Start, End, "law", None)).Select(f => f.State));
        Assert.Empty(await Store.Reports.ListConversationFactsAsync(End, End.AddDays(1), null, None));
    }

    [SkippableFact]
    public async Task Knowledge_base_events_are_counted_per_article_and_kind_with_the_title()
    {
        await SeedKnowledgeAsync();
        var counts = await Store.Reports.CountKbEventsAsync(Start, End, None);
        Assert.Equal(
        [
            new KbEventCount("kb_1", "开馆时间", "NotHelpful", 1),
            new KbEventCount("kb_1", "开馆时间", "Opened", 5),
            new KbEventCount("kb_1", "开馆时间", "Shown", 3),
            new KbEventCount("kb_2", null, "Opened", 1),
        ], counts);
    }

    [SkippableFact]
    public async Task Deflection_counts_patrons_who_opened_an_article_and_started_no_chat_within_the_window()
    {
        await SeedConversationsAsync();
        await SeedKnowledgeAsync();
        Assert.Equal(new DeflectionCounts(4, 2), await Store.Reports.CountDeflectionAsync(Start, End, TimeSpan.FromMinutes(30), None));
        // A longer window catches v_e's chat too.
        Assert.Equal(new DeflectionCounts(4, 1), await Store.Reports.CountDeflectionAsync(Start, End, TimeSpan.FromMinutes(31), None));
        Assert.Equal(new DeflectionCounts(0, 0), await Store.Reports.CountDeflectionAsync(End, End.AddDays(1), TimeSpan.FromMinutes(30), None));
    }
    private async Task ChangeAsync(string id, Func<Conversation, Conversation> change)
    {
        var stored = await Store.Conversations.FindAsync(id, None);
        await Store.Conversations.ReplaceAsync(change(stored!), None);
    }

    /// <summary>Tags and READ levels on the seeded chats: a (accepted), b (never accepted), d (law, accepted), e (before the period).</summary>
    private async Task ClassifyAsync()
    {
        await SeedConversationsAsync();
        await ChangeAsync("c_a", c => c with { Tags = ["borrowing", "hours"], ReadScale = 4 });
        await ChangeAsync("c_b", c => c with { Tags = ["borrowing"], ReadScale = 4 });
        await ChangeAsync("c_d", c => c with { Tags = ["law"], ReadScale = 2 });
        await ChangeAsync("c_e", c => c with { Tags = ["borrowing"], ReadScale = 1, AcceptedAt = T0.AddDays(-1).AddMinutes(1) });
    }

    [SkippableFact]
    public async Task Topics_count_the_period_s_chats_the_tagged_ones_and_chats_per_tag()
    {
        await ClassifyAsync();
        var all = await Store.Reports.CountTopicsAsync(Start, End, null, None);
        Assert.Equal((5, 3), (all.Chats, all.Tagged));
        Assert.Equal([new TagCount("borrowing", 2), new TagCount("hours", 1), new TagCount("law", 1)], all.Tags.OrderBy(t => t.Tag, StringComparer.Ordinal));
        var law = await Store.Reports.CountTopicsAsync(Start, End, "law", None);
        Assert.Equal((1, 1), (law.Chats, law.Tagged));
        Assert.Equal([new TagCount("law", 1)], law.Tags);
        var empty = await Store.Reports.CountTopicsAsync(End, End.AddDays(1), null, None);
        Assert.Equal((0, 0, 0), (empty.Chats, empty.Tagged, empty.Tags.Count));
    }

    [SkippableFact]
    public async Task Read_scale_counts_the_answered_chats_and_the_rated_chats_per_level()
    {
        await ClassifyAsync();
        var all = await Store.Reports.CountReadScaleAsync(Start, End, null, None);
        Assert.Equal(2, all.Answered);
        Assert.Equal([new ReadScaleCount(2, 1), new ReadScaleCount(4, 2)], all.Levels.OrderBy(l => l.Level));
        var law = await Store.Reports.CountReadScaleAsync(Start, End, "law", None);
        Assert.Equal(1, law.Answered);
        Assert.Equal([new ReadScaleCount(2, 1)], law.Levels);
        var empty = await Store.Reports.CountReadScaleAsync(End, End.AddDays(1), null, None);
        Assert.Equal((0, 0), (empty.Answered, empty.Levels.Count));
    }

    [SkippableFact]
    public async Task Ticket_facts_are_the_period_s_tickets_oldest_first_with_the_first_answer()
    {
        var answers = new[]
        {
            new AskLibrary.Tickets.TicketAnswer("a_1", "s_1", "Li", "first", T0.AddMinutes(5), AskLibrary.Tickets.Delivery.Sent, T0.AddMinutes(6), 1),
            new AskLibrary.Tickets.TicketAnswer("a_2", "s_1", "Li", "second", T0.AddHours(2), AskLibrary.Tickets.Delivery.Pending),
        };
        await Store.Tickets.AddAsync(Ticket("q_law") with { QueueId = "law", CreatedAt = T0.AddHours(1), Status = AskLibrary.Tickets.TicketStatus.Closed, ClosedAt = T0.AddHours(4) }, None);
        await Store.Tickets.AddAsync(Ticket("q_general", 24) with { Status = AskLibrary.Tickets.TicketStatus.Pending, Answers = answers }, None);
        await Store.Tickets.AddAsync(Ticket("q_before") with { CreatedAt = T0.AddDays(-1) }, None);

        Assert.Equal(
        [
            new TicketFacts("general", T0, T0.AddHours(24), T0.AddMinutes(5), false),
            new TicketFacts("law", T0.AddHours(1), null, null, true),
        ], await Store.Reports.ListTicketFactsAsync(Start, End, null, None));
        Assert.Equal(["law"], (await Store.Reports.ListTicketFactsAsync(Start, End, "law", None)).Select(f => f.QueueId));
        Assert.Empty(await Store.Reports.ListTicketFactsAsync(End, End.AddDays(1), null, None));
    }

    [SkippableFact]
    public async Task Patron_chats_list_each_chat_of_the_period_and_first_chats_each_visitor_s_earliest()
    {
        await SeedConversationsAsync();
        var again = Conversation("c_g", "v_a", "law", T0.AddHours(5));
        await Store.Conversations.CreateAsync(again, Message("c_g", "q", again.StartClientMessageId, at: again.CreatedAt), None);

        Assert.Equal(
        [
            new PatronChat("v_a", T0), new PatronChat("v_b", T0.AddHours(1)), new PatronChat("v_x", T0.AddHours(2)),
            new PatronChat("v_c", T0.AddHours(3)), new PatronChat("v_a", T0.AddHours(5)), new PatronChat("v_e", T0.AddHours(7.5)),
        ], await Store.Reports.ListPatronChatsAsync(Start, End, None));
        Assert.Empty(await Store.Reports.ListPatronChatsAsync(End, End.AddDays(1), None));

        Assert.Equal(
        [
            new PatronChat("v_a", T0), new PatronChat("v_b", T0.AddHours(1)), new PatronChat("v_c", T0.AddHours(3)),
            new PatronChat("v_e", T0.AddHours(7.5)), new PatronChat("v_x", T0.AddHours(2)), new PatronChat("v_y", T0.AddDays(-1)),
        ], (await Store.Reports.ListFirstChatsAsync(End, None)).OrderBy(p => p.VisitorId, StringComparer.Ordinal));
        Assert.Equal([new PatronChat("v_y", T0.AddDays(-1))], await Store.Reports.ListFirstChatsAsync(T0, None));
    }
}
