using AskLibrary.Chat.Contracts;

namespace AskLibrary.Chat;

/// <summary>Projections of stored conversations for the transcript API.</summary>
public static class Transcripts
{
    public static ChatSummary ToSummary(Conversation c) => new(
        c.Id, c.QueueId, c.State, c.Question, c.Patron.Name, c.Patron.Email, c.CreatedAt, c.WaitingSince,
        c.AcceptedAt, c.ClosedAt, c.AssignedToId, c.AssignedToName, c.LastSeq, c.VisitorId);
}
