using AskLibrary.Chat.Contracts;

namespace AskLibrary.Chat;

/// <summary>
/// The conversation state machine: waiting → active → closed, waiting → abandoned, and back to
/// waiting when a chat is requeued or transferred to a queue. Each transition returns a new
/// document or throws invalid_state, so no caller can skip a rule.
/// </summary>
public static class ConversationRules
{
    public static Conversation Accept(Conversation c, string staffId, string staffName, DateTimeOffset now)
    {
        Require(c, ConversationState.Waiting, "Only a waiting chat can be accepted.");
        return c with
        {
            State = ConversationState.Active,
            AssignedToId = staffId,
            AssignedToName = staffName,
            AcceptedAt = c.AcceptedAt ?? now,
            WaitingSince = null,
            FrontOfQueue = false,
        };
    }

    public static Conversation Requeue(Conversation c, string queueId, DateTimeOffset now)
    {
        Require(c, ConversationState.Active, "Only an active chat can be put back in a queue.");
        return c with
        {
            State = ConversationState.Waiting,
            QueueId = queueId,
            AssignedToId = null,
            AssignedToName = null,
            WaitingSince = now,
            FrontOfQueue = true,
        };
    }

    public static Conversation MoveQueue(Conversation c, string queueId)
    {
        Require(c, ConversationState.Waiting, "Only a waiting chat can move to another queue.");
        return c with { QueueId = queueId };
    }

    public static Conversation Reassign(Conversation c, string staffId, string staffName)
    {
        Require(c, ConversationState.Active, "Only an active chat can be transferred to a librarian.");
        return c with { AssignedToId = staffId, AssignedToName = staffName };
    }

    public static Conversation LibrarianReplied(Conversation c, DateTimeOffset now) =>
        c.FirstResponseAt is null && c.State == ConversationState.Active ? c with { FirstResponseAt = now } : c;

    /// <summary>Ends the chat: a waiting chat is abandoned, an active one closed.</summary>
    public static Conversation End(Conversation c, DateTimeOffset now)
    {
        if (!c.IsOpen)
            throw new ChatException(ErrorCodes.InvalidState, "This chat has already ended.");
        return c with
        {
            State = c.State == ConversationState.Waiting ? ConversationState.Abandoned : ConversationState.Closed,
            ClosedAt = now,
            WaitingSince = null,
            FrontOfQueue = false,
        };
    }

    public static Conversation Rate(Conversation c, int score, string? comment, DateTimeOffset now)
    {
        if (c.State != ConversationState.Closed)
            throw new ChatException(ErrorCodes.InvalidState, "A chat can be rated once it has ended.");
        if (c.Rating is not null)
            throw new ChatException(ErrorCodes.InvalidState, "This chat has already been rated.");
        return c with { Rating = new ChatRating(score, comment, now) };
    }

    public static void RequireOpen(Conversation c)
    {
        if (!c.IsOpen)
            throw new ChatException(ErrorCodes.InvalidState, "This chat has ended.");
    }

    private static void Require(Conversation c, ConversationState state, string message)
    {
        if (c.State != state)
            throw new ChatException(ErrorCodes.InvalidState, message);
    }
}
