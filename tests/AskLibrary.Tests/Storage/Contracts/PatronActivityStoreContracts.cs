using AskLibrary.Chat;
using AskLibrary.Chat.Contracts;
using AskLibrary.Knowledge.Articles;
using AskLibrary.Tickets;
using static AskLibrary.Tests.Storage.Contracts.StoreSamples;

namespace AskLibrary.Tests.Storage.Contracts;

/// <summary>A patron's tickets and knowledge-base events for the profile timeline, and unlinking the events (erasure, retention).</summary>
public abstract class PatronActivityStoreContract : StoreContract
{
    [SkippableFact]
    public async Task Tickets_are_the_visitor_s_own_and_their_chats_follow_ups_newest_first()
    {
        var tickets = Store.Tickets;
        await tickets.AddAsync(Ticket("q_own") with { VisitorId = "v_1", CreatedAt = T0 }, None);
        await tickets.AddAsync(Ticket("q_follow") with { ConversationId = "c_1", CreatedAt = T0.AddHours(1) }, None);
        await tickets.AddAsync(Ticket("q_other") with { VisitorId = "v_2", ConversationId = "c_2", CreatedAt = T0.AddHours(2) }, None);
        await tickets.AddAsync(Ticket("q_staff") with { CreatedAt = T0.AddHours(3) }, None);

        Assert.Equal(["q_follow", "q_own"], (await Store.PatronActivity.ListTicketsAsync("v_1", ["c_1"], None)).Select(t => t.Id));
        Assert.Equal(["q_own"], (await Store.PatronActivity.ListTicketsAsync("v_1", [], None)).Select(t => t.Id));
        Assert.Empty(await Store.PatronActivity.ListTicketsAsync("v_9", ["c_9"], None));
    }

    [SkippableFact]
    public async Task Knowledge_base_events_are_the_visitor_s_without_shown_newest_first_and_limited()
    {
        var kb = Store.Knowledge;
        await kb.AddEventAsync(new KbEvent("renew", KbEventKind.Shown, "续借", "v_1", null, T0.AddMinutes(5)), None);
        await kb.AddEventAsync(new KbEvent("renew", KbEventKind.Opened, "续借", "v_1", null, T0), None);
        await kb.AddEventAsync(new KbEvent("renew", KbEventKind.Helpful, null, "v_1", null, T0.AddMinutes(1)), None);
        await kb.AddEventAsync(new KbEvent("hours", KbEventKind.NotHelpful, null, "v_1", null, T0.AddMinutes(2)), None);
        await kb.AddEventAsync(new KbEvent("renew", KbEventKind.Opened, null, "v_2", null, T0.AddMinutes(3)), None);
        await kb.AddEventAsync(new KbEvent("renew", KbEventKind.Opened, null, null, "s_1", T0.AddMinutes(4)), None);

        var events = await Store.PatronActivity.ListKbEventsAsync("v_1", 10, None);
        Assert.Equal([(KbEventKind.NotHelpful, "hours"), (KbEventKind.Helpful, "renew"), (KbEventKind.Opened, "renew")], events.Select(e => (e.Kind, e.ArticleId)));
        Assert.Equal(new KbEvent("renew", KbEventKind.Opened, "续借", "v_1", null, T0), events[2]);
        Assert.Equal([T0.AddMinutes(2), T0.AddMinutes(1)], (await Store.PatronActivity.ListKbEventsAsync("v_1", 2, None)).Select(e => e.At));
    }

    [SkippableFact]
    public async Task Forgetting_unlinks_the_visitor_and_the_query_but_keeps_the_event()
    {
        var knowledge = Store.Knowledge;
        var store = Store.PatronActivity;
        await knowledge.AddEventAsync(new KbEvent("renew", KbEventKind.Helpful, "续借 zw@example.org", "v_1", null, T0), None);
        await knowledge.AddEventAsync(new KbEvent("renew", KbEventKind.Opened, "续借", "v_2", null, T0.AddDays(-400)), None);
        await knowledge.AddEventAsync(new KbEvent("renew", KbEventKind.Opened, "续借", "v_2", null, T0), None);
        await knowledge.AddEventAsync(new KbEvent("renew", KbEventKind.Opened, "续借", null, "s_1", T0.AddDays(-500)), None);

        Assert.Equal(1, await store.ForgetKbEventsAsync("v_1", None));
        Assert.Equal(1, await store.ForgetKbEventsBeforeAsync(T0.AddDays(-365), None));
        // Done already: nothing more to unlink.
        Assert.Equal(0, await store.ForgetKbEventsAsync("v_1", None));
        Assert.Equal(0, await store.ForgetKbEventsBeforeAsync(T0.AddDays(-365), None));

        Assert.Empty(await store.ListKbEventsAsync("v_1", 10, None));
        Assert.Equal([T0], (await store.ListKbEventsAsync("v_2", 10, None)).Select(e => e.At));
        var stats = (await knowledge.CountEventsAsync(None))["renew"];
        Assert.Equal((1, 3), (stats.Helpful, stats.Opened));
    }
}

/// <summary>"My ratings": the rated chats a librarian held last in a period, newest first.</summary>
public abstract class RatingStoreContract : StoreContract
{
    [SkippableFact]
    public async Task Rated_chats_are_the_librarian_s_in_the_period_newest_first()
    {
        async Task Add(string id, string? staff, DateTimeOffset created, ChatRating? rating)
        {
            var c = Conversation(id, "v_" + id, id == "c_law" ? "law" : "general", created);
            await Store.Conversations.CreateAsync(c, Message(id, "q", c.StartClientMessageId, at: created), None);
            await Store.Conversations.ReplaceAsync(c with { State = ConversationState.Closed, AssignedToId = staff, Rating = rating }, None);
        }

        await Add("c_1", "s_1", T0, new ChatRating(5, "谢谢", T0.AddMinutes(20)));
        await Add("c_law", "s_1", T0.AddHours(2), new ChatRating(2, null, T0.AddHours(3)));
        await Add("c_unrated", "s_1", T0.AddHours(1), null);
        await Add("c_other", "s_2", T0.AddHours(1), new ChatRating(4, null, T0.AddHours(2)));
        await Add("c_before", "s_1", T0.AddDays(-2), new ChatRating(1, null, T0.AddDays(-2)));
        await Add("c_end", "s_1", T0.AddDays(1), new ChatRating(3, null, T0.AddDays(1)));

        Assert.Equal(
        [
            new AskLibrary.Ratings.RatedChat("c_law", "law", T0.AddHours(2), 2, null, T0.AddHours(3)),
            new AskLibrary.Ratings.RatedChat("c_1", "general", T0, 5, "谢谢", T0.AddMinutes(20)),
        ], await Store.Ratings.ListRatedAsync("s_1", T0.AddDays(-1), T0.AddDays(1), None));
        Assert.Equal(["c_other"], (await Store.Ratings.ListRatedAsync("s_2", T0.AddDays(-1), T0.AddDays(1), None)).Select(r => r.ConversationId));
        Assert.Empty(await Store.Ratings.ListRatedAsync("s_3", T0.AddDays(-10), T0.AddDays(10), None));
    }
}

/// <summary>What retention finds to anonymise beside the conversations: only what is old enough and not done yet, oldest first.</summary>
public abstract class RetentionStoreContract : StoreContract
{
    private static readonly DateTimeOffset Cut = T0.AddDays(1);

    [SkippableFact]
    public async Task Tickets_to_anonymise_are_old_finished_with_no_mail_waiting_and_not_done_yet()
    {
        var answered = new TicketAnswer("a_1", "s_1", "Li", "answer", T0.AddMinutes(5), Delivery.Sent, T0.AddMinutes(6), 1);
        async Task Add(Ticket t) => await Store.Tickets.AddAsync(t, None);
        await Add(Ticket("q_closed") with { Status = TicketStatus.Closed, CreatedAt = T0.AddHours(2), ClosedAt = T0.AddHours(3) });
        await Add(Ticket("q_pending") with { Status = TicketStatus.Pending, CreatedAt = T0.AddHours(1), Answers = [answered] });
        await Add(Ticket("q_open") with { Status = TicketStatus.Open, CreatedAt = T0 });
        await Add(Ticket("q_mail") with { Status = TicketStatus.Pending, CreatedAt = T0, Answers = [answered, answered with { Id = "a_2", Delivery = Delivery.Pending, SentAt = null }] });
        await Add(Ticket("q_new") with { Status = TicketStatus.Closed, CreatedAt = Cut.AddHours(1) });
        await Add(Ticket("q_done") with { Status = TicketStatus.Closed, CreatedAt = T0, AnonymisedAt = T0.AddHours(5) });

        Assert.Equal(["q_pending", "q_closed"], (await Store.Retention.ListTicketsToAnonymiseAsync(Cut, 10, None)).Select(t => t.Id));
        Assert.Equal(["q_pending"], (await Store.Retention.ListTicketsToAnonymiseAsync(Cut, 1, None)).Select(t => t.Id));
        Assert.Empty(await Store.Retention.ListTicketsToAnonymiseAsync(T0, 10, None));
    }

    [SkippableFact]
    public async Task Transcript_requests_to_anonymise_are_old_sent_or_not_and_not_done_yet()
    {
        var requests = Store.TranscriptRequests;
        await requests.AddAsync(new TranscriptRequestRecord("tr_sent", "c_1", "li@example.org", T0.AddHours(1), T0.AddHours(1).AddMinutes(1), 1), None);
        await requests.AddAsync(new TranscriptRequestRecord("tr_unsent", "c_1", "li@example.org", T0, null, 5), None);
        await requests.AddAsync(new TranscriptRequestRecord("tr_new", "c_1", "li@example.org", Cut.AddHours(1), null), None);
        await requests.AddAsync(new TranscriptRequestRecord("tr_done", "c_1", "", T0, T0, 1, T0.AddHours(2)), None);

        var due = await Store.Retention.ListTranscriptRequestsToAnonymiseAsync(Cut, 10, None);
        Assert.Equal(["tr_unsent", "tr_sent"], due.Select(r => r.Id));
        Assert.Equal(new TranscriptRequestRecord("tr_sent", "c_1", "li@example.org", T0.AddHours(1), T0.AddHours(1).AddMinutes(1), 1), due[1]);
        Assert.Single(await Store.Retention.ListTranscriptRequestsToAnonymiseAsync(Cut, 1, None));
    }

    [SkippableFact]
    public async Task Questions_are_listed_until_replaced_anonymised()
    {
        var kb = Store.Knowledge;
        await kb.AddQuestionAsync(new KbQuestion("kq_2", "renew zw@example.org", "widget", "c_1", "renew", 0.1f, T0.AddHours(1)), None);
        await kb.AddQuestionAsync(new KbQuestion("kq_1", "hours for 2100012345", "widget", null, null, 0f, T0), None);
        await kb.AddQuestionAsync(new KbQuestion("kq_new", "hours", "console", null, null, 0f, Cut.AddHours(1)), None);

        var due = await Store.Retention.ListQuestionsToAnonymiseAsync(Cut, 10, None);
        Assert.Equal(["kq_1", "kq_2"], due.Select(q => q.Id));

        await Store.Retention.ReplaceQuestionAsync(due[0] with { Text = "hours for [number]", AnonymisedAt = Cut }, None);
        Assert.Equal(["kq_2"], (await Store.Retention.ListQuestionsToAnonymiseAsync(Cut, 10, None)).Select(q => q.Id));
        // The gap view still counts it, with the scrubbed text.
        var all = await kb.ListPoorlyAnsweredAsync(0.5f, T0.AddDays(-1), 10, None);
        Assert.Contains(new KbQuestion("kq_1", "hours for [number]", "widget", null, null, 0f, T0, Cut), all);
    }

    [SkippableFact]
    public async Task Forgetting_event_queries_drops_only_old_typed_texts()
    {
        var kb = Store.Knowledge;
        await kb.AddEventAsync(new KbEvent("renew", KbEventKind.Opened, "续借 zw@example.org", "v_1", null, T0), None);
        await kb.AddEventAsync(new KbEvent("renew", KbEventKind.Helpful, null, "v_1", null, T0.AddMinutes(1)), None);
        await kb.AddEventAsync(new KbEvent("renew", KbEventKind.Opened, "续借", "v_1", null, Cut.AddHours(1)), None);

        Assert.Equal(1, await Store.Retention.ForgetEventQueriesAsync(Cut, None));
        Assert.Equal(0, await Store.Retention.ForgetEventQueriesAsync(Cut, None));

        var events = await Store.PatronActivity.ListKbEventsAsync("v_1", 10, None);
        Assert.Equal(["续借", null, null], events.Select(e => e.Query));
        var stats = (await kb.CountEventsAsync(None))["renew"];
        Assert.Equal((2, 1), (stats.Opened, stats.Helpful));
    }
}
