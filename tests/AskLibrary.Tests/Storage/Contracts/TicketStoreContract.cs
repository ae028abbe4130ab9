using AskLibrary.Tickets;
using static AskLibrary.Tests.Storage.Contracts.StoreSamples;

namespace AskLibrary.Tests.Storage.Contracts;

/// <summary>What every ITicketStore promises: idempotent adds, one follow-up per chat, list order and the outbox queries.</summary>
public abstract class TicketStoreContract : StoreContract
{
    private ITicketStore Tickets => Store.Tickets;

    private async Task<IEnumerable<string>> ListAsync(TicketQuery query) => (await Tickets.ListAsync(query, None)).Select(t => t.Id);

    [SkippableFact]
    public async Task A_ticket_round_trips_with_its_notes_and_answers()
    {
        var ticket = FullTicket("q_1");
        Assert.Equal("q_1", (await Tickets.AddAsync(ticket, None)).Id);
        var stored = await Tickets.FindAsync("q_1", None);
        Assert.Equal(StorageJsonOf(ticket), StorageJsonOf(stored));
        var changed = stored! with { Status = TicketStatus.Closed, OwnerId = null, OwnerName = null, Notes = [] };
        await Tickets.ReplaceAsync(changed, None);
        Assert.Equal(StorageJsonOf(changed), StorageJsonOf(await Tickets.FindAsync("q_1", None)));
        Assert.Null(await Tickets.FindAsync("q_missing", None));
    }

    [SkippableFact]
    public async Task Open_tickets_list_soonest_due_first_and_closed_ones_most_recently_closed_first()
    {
        await Tickets.AddAsync(Ticket("q_late", 48), None);
        await Tickets.AddAsync(Ticket("q_none", 0), None);
        await Tickets.AddAsync(Ticket("q_soon", 2), None);
        await Tickets.AddAsync(Ticket("q_pending", 3) with { Status = TicketStatus.Pending }, None);
        await Tickets.AddAsync(Ticket("q_closed", 1) with { Status = TicketStatus.Closed, ClosedAt = T0 }, None);
        await Tickets.AddAsync(Ticket("q_closed_later", 100) with { Status = TicketStatus.Closed, ClosedAt = T0.AddHours(1) }, None);

        Assert.Equal(["q_soon", "q_pending", "q_late", "q_none", "q_closed_later", "q_closed"], await ListAsync(new TicketQuery(null, null, false, T0, null, 10)));
        Assert.Equal(["q_soon", "q_pending"], await ListAsync(new TicketQuery(null, null, false, T0, null, 2)));
        Assert.Equal(["q_soon"], await ListAsync(new TicketQuery(null, null, true, T0.AddHours(3), null, 10)));
        Assert.Equal(["q_pending"], await ListAsync(new TicketQuery(TicketStatus.Pending, null, false, T0, null, 10)));
        Assert.Equal(["q_closed_later", "q_closed"], await ListAsync(new TicketQuery(TicketStatus.Closed, null, false, T0, null, 10)));
    }

    [SkippableFact]
    public async Task Lists_filter_by_owner_and_queues()
    {
        await Tickets.AddAsync(Ticket("q_mine", 1) with { OwnerId = "s_1" }, None);
        await Tickets.AddAsync(Ticket("q_law", 2) with { QueueId = "law" }, None);
        await Tickets.AddAsync(Ticket("q_other", 3) with { OwnerId = "s_2" }, None);
        Assert.Equal(["q_mine"], await ListAsync(new TicketQuery(null, "s_1", false, T0, null, 10)));
        Assert.Equal(["q_law"], await ListAsync(new TicketQuery(null, null, false, T0, ["law"], 10)));
        Assert.Equal(["q_mine", "q_law", "q_other"], await ListAsync(new TicketQuery(null, null, false, T0, ["law", "general"], 10)));
        Assert.Empty(await ListAsync(new TicketQuery(null, null, false, T0, [], 10)));
    }

    [SkippableFact]
    public async Task A_chat_has_one_follow_up_even_when_two_are_added_at_once()
    {
        var store = Tickets;
        var adds = await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
            Task.Run(() => store.AddAsync(Ticket($"q_chat{i}", 5) with { Source = TicketSource.Chat, ConversationId = "c_1" }, None))));
        var winner = Assert.Single(adds.Select(t => t.Id).Distinct());
        Assert.NotNull(await store.FindAsync(winner, None));
        Assert.Equal([winner], await ListAsync(new TicketQuery(null, null, false, T0, null, 20)));
    }

    [SkippableFact]
    public async Task A_retried_widget_request_returns_the_first_ticket()
    {
        var first = await Tickets.AddAsync(Ticket("q_1") with { Source = TicketSource.Patron, VisitorId = "v_1", ClientRequestId = "req-1" }, None);
        var retry = await Tickets.AddAsync(Ticket("q_2") with { Source = TicketSource.Patron, VisitorId = "v_1", ClientRequestId = "req-1", Question = "again" }, None);
        var otherVisitor = await Tickets.AddAsync(Ticket("q_3") with { Source = TicketSource.Patron, VisitorId = "v_2", ClientRequestId = "req-1" }, None);
        Assert.Equal(("q_1", "q_1", "q_3"), (first.Id, retry.Id, otherVisitor.Id));
        Assert.Equal("q_1", (await Tickets.FindAsync("q_1", None))!.Question);
        Assert.Null(await Tickets.FindAsync("q_2", None));
    }

    [SkippableFact]
    public async Task Reminders_go_to_open_unreminded_tickets_due_by_a_time_soonest_first()
    {
        await Tickets.AddAsync(Ticket("q_later", 5), None);
        await Tickets.AddAsync(Ticket("q_sooner", 1), None);
        await Tickets.AddAsync(Ticket("q_not_yet", 30), None);
        await Tickets.AddAsync(Ticket("q_no_due", 0), None);
        await Tickets.AddAsync(Ticket("q_reminded", 2) with { RemindedAt = T0 }, None);
        await Tickets.AddAsync(Ticket("q_pending", 2) with { Status = TicketStatus.Pending }, None);
        Assert.Equal(["q_sooner", "q_later"], (await Tickets.ListToRemindAsync(T0.AddHours(5), None)).Select(t => t.Id));
    }

    [SkippableFact]
    public async Task The_outbox_lists_tickets_with_an_answer_still_to_send()
    {
        var answer = new TicketAnswer("a_1", "s_1", "Li", "answer", T0, Delivery.Pending);
        await Tickets.AddAsync(Ticket("q_pending") with { Answers = [answer with { Delivery = Delivery.Sent }, answer with { Id = "a_2" }] }, None);
        await Tickets.AddAsync(Ticket("q_sent") with { Answers = [answer with { Delivery = Delivery.Sent }], CreatedAt = T0.AddMinutes(-1) }, None);
        await Tickets.AddAsync(Ticket("q_failed") with { Answers = [answer with { Delivery = Delivery.Failed }] }, None);
        Assert.Equal(["q_pending"], (await Tickets.ListMailPendingAsync(None)).Select(t => t.Id));
        var sent = (await Tickets.FindAsync("q_pending", None))! with { Answers = [answer with { Delivery = Delivery.Sent }] };
        await Tickets.ReplaceAsync(sent, None);
        Assert.Empty(await Tickets.ListMailPendingAsync(None));
    }

    private static string StorageJsonOf(Ticket? ticket) => AskLibrary.Storage.StorageJson.Serialize(ticket);
}
