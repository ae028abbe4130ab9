using AskLibrary.Chat;
using AskLibrary.Chat.Contracts;

namespace AskLibrary.Tests.Chat;

/// <summary>waiting → active → closed, waiting → abandoned, and the timestamps a manager reports on.</summary>
public sealed class ConversationRulesTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 3, 0, 0, TimeSpan.Zero);

    private static Conversation Waiting() => new()
    {
        Id = "c1", QueueId = "general", VisitorId = "v_1", Question = "q", StartClientMessageId = "m1", CreatedAt = T0, WaitingSince = T0,
    };

    [Fact]
    public void A_full_chat_records_wait_first_response_and_duration()
    {
        var active = ConversationRules.Accept(Waiting(), "s1", "Li", T0.AddSeconds(40));
        var replied = ConversationRules.LibrarianReplied(active, T0.AddSeconds(70));
        var again = ConversationRules.LibrarianReplied(replied, T0.AddSeconds(90));
        var closed = ConversationRules.End(again, T0.AddMinutes(10));
        Assert.Equal(ConversationState.Closed, closed.State);
        Assert.Equal(TimeSpan.FromSeconds(40), closed.WaitTime);
        Assert.Equal(TimeSpan.FromSeconds(30), closed.FirstResponseTime);
        Assert.Equal(TimeSpan.FromMinutes(10), closed.Duration);
    }

    [Fact]
    public void Ending_a_waiting_chat_abandons_it_and_ended_chats_cannot_change()
    {
        var abandoned = ConversationRules.End(Waiting(), T0.AddMinutes(1));
        Assert.Equal(ConversationState.Abandoned, abandoned.State);
        Assert.Equal(ErrorCodes.InvalidState, Assert.Throws<ChatException>(() => ConversationRules.End(abandoned, T0)).Code);
        Assert.Equal(ErrorCodes.InvalidState, Assert.Throws<ChatException>(() => ConversationRules.Accept(abandoned, "s", "n", T0)).Code);
        Assert.Equal(ErrorCodes.InvalidState, Assert.Throws<ChatException>(() => ConversationRules.Rate(abandoned, 5, null, T0)).Code);
    }

    [Fact]
    public void A_requeued_chat_waits_at_the_front_and_keeps_its_first_acceptance_time()
    {
        var active = ConversationRules.Accept(Waiting(), "s1", "Li", T0.AddSeconds(10));
        var requeued = ConversationRules.Requeue(active, "general", T0.AddMinutes(2));
        Assert.Equal(ConversationState.Waiting, requeued.State);
        Assert.True(requeued.FrontOfQueue);
        Assert.Null(requeued.AssignedToId);
        var retaken = ConversationRules.Accept(requeued, "s2", "Wang", T0.AddMinutes(3));
        Assert.Equal(T0.AddSeconds(10), retaken.AcceptedAt);
        Assert.False(retaken.FrontOfQueue);
    }

    [Fact]
    public void A_chat_is_rated_once_and_only_after_it_closed()
    {
        var active = ConversationRules.Accept(Waiting(), "s1", "Li", T0);
        Assert.Throws<ChatException>(() => ConversationRules.Rate(active, 4, null, T0));
        var rated = ConversationRules.Rate(ConversationRules.End(active, T0), 4, "ok", T0);
        Assert.Equal(4, rated.Rating!.Score);
        Assert.Throws<ChatException>(() => ConversationRules.Rate(rated, 5, null, T0));
    }
}
