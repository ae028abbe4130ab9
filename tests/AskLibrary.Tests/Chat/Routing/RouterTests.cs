using AskLibrary.Chat;
using AskLibrary.Chat.Contracts;
using AskLibrary.Chat.Routing;
using Microsoft.Extensions.Time.Testing;

namespace AskLibrary.Tests.Chat.Routing;

/// <summary>The router's rules without a network: who gets which chat, in which order.</summary>
public sealed class RouterTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 24, 3, 0, 0, TimeSpan.Zero));
    private readonly Router _router;

    public RouterTests() => _router = new Router(
    [
        new QueueOptions { Id = "general", Name = "General", Policy = AssignmentPolicy.Offer },
        new QueueOptions { Id = "research", Name = "Research", Policy = AssignmentPolicy.Auto, Fallback = "general" },
    ], _time);

    private Librarian Online(string id, int capacity = 2, params string[] queues)
    {
        var librarian = _router.Upsert(id, id, queues, capacity);
        _router.Connect(id, id + "-tab1");
        return librarian;
    }

    [Fact]
    public void Waiting_chats_keep_first_in_first_out_order_and_put_back_chats_go_first()
    {
        _router.Enqueue("a", "general", front: false);
        _router.Enqueue("b", "general", front: false);
        _router.Enqueue("c", "general", front: true);
        _router.Enqueue("d", "general", front: true);
        Assert.Equal(["c", "d", "a", "b"], _router.Waiting("general"));
        Assert.Equal(3, _router.Position("a"));
        Assert.Null(_router.Position("zzz"));
    }

    [Fact]
    public void Auto_assignment_prefers_fewest_active_chats_then_longest_idle()
    {
        var a = Online("a", 2, "research");
        _time.Advance(TimeSpan.FromSeconds(1));
        var b = Online("b", 2, "research");
        _router.Enqueue("c1", "research", false);
        Assert.Equal(("c1", "a"), _router.NextAutoAssignment());
        _router.Assign("a", "c1");
        _router.Enqueue("c2", "research", false);
        Assert.Equal(("c2", "b"), _router.NextAutoAssignment());
        _router.Assign("b", "c2");
        _time.Advance(TimeSpan.FromSeconds(5));
        _router.Release("b", "c2");
        _time.Advance(TimeSpan.FromSeconds(5));
        _router.Release("a", "c1");
        _router.Enqueue("c3", "research", false);
        Assert.Equal(("c3", "b"), _router.NextAutoAssignment()); // both idle, b since longer
        Assert.Equal(0, a.Active.Count + b.Active.Count);
    }

    [Fact]
    public void Auto_assignment_skips_librarians_who_are_away_full_or_in_other_queues()
    {
        Online("away", 2, "research");
        _router.SetPresence("away", Presence.Away);
        var full = Online("full", 1, "research");
        _router.Assign("full", "x");
        Online("other", 2, "general");
        _router.Enqueue("c1", "research", false);
        Assert.Null(_router.NextAutoAssignment());
        Assert.Single(full.Active);
    }

    [Fact]
    public void Offer_queues_never_assign_automatically()
    {
        Online("a", 2, "general");
        _router.Enqueue("c1", "general", false);
        Assert.Null(_router.NextAutoAssignment());
    }

    [Fact]
    public void Accepting_checks_the_chat_is_still_waiting_the_queue_and_the_capacity()
    {
        Online("a", 1, "general");
        Online("r", 1, "research");
        _router.Enqueue("c1", "general", false);
        _router.Enqueue("c2", "general", false);
        Assert.Equal(ErrorCodes.Forbidden, Code(() => _router.EnsureCanAccept("r", "c1", anyQueue: false)));
        _router.EnsureCanAccept("a", "c1", anyQueue: false);
        _router.Assign("a", "c1");
        Assert.Equal(ErrorCodes.AlreadyClaimed, Code(() => _router.EnsureCanAccept("a", "c1", anyQueue: false)));
        Assert.Equal(ErrorCodes.CapacityFull, Code(() => _router.EnsureCanAccept("a", "c2", anyQueue: false)));
    }

    [Fact]
    public void A_queue_without_anyone_available_falls_back_and_otherwise_is_offline()
    {
        Assert.Null(_router.ChooseQueue("research"));
        Assert.Equal(QueueAvailability.NobodyAvailable, _router.Availability("research"));
        Online("g", 1, "general");
        Assert.Equal("general", _router.ChooseQueue("research"));
        Online("r", 1, "research");
        Assert.Equal("research", _router.ChooseQueue("research"));
        Assert.Null(_router.ChooseQueue("missing"));
    }

    [Fact]
    public void Presence_follows_the_last_tab_and_the_grace_period_counts_from_then()
    {
        var a = Online("a", 2, "general");
        _router.Connect("a", "a-tab2");
        _router.Assign("a", "c1");
        Assert.False(_router.Disconnect("a", "a-tab1"));
        Assert.Equal(Presence.Available, a.Presence);
        Assert.True(_router.Disconnect("a", "a-tab2"));
        Assert.Equal(Presence.Offline, a.Presence);
        _time.Advance(TimeSpan.FromSeconds(59));
        Assert.Empty(_router.GoneLongerThan(TimeSpan.FromSeconds(60)));
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal([a], _router.GoneLongerThan(TimeSpan.FromSeconds(60)));
    }

    private static string Code(Action action) => Assert.Throws<ChatException>(action).Code;
}
