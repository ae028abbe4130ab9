namespace AskLibrary.Chat.Contracts;

/// <summary>Events the server sends to patron connections (PatronClientEvents in protocol.ts).</summary>
public interface IPatronClient
{
    Task MessageAdded(ChatMessage message);
    Task ChatUpdated(ChatState chat);
    Task TypingChanged(TypingEvent typing);
    Task QueueStatusChanged(QueueStatus status);
}

/// <summary>Events the server sends to staff connections (StaffClientEvents in protocol.ts).</summary>
public interface IStaffClient
{
    Task QueueChanged(QueueView queue);
    Task ChatAssigned(ChatSummary chat);
    Task ChatUnassigned(ChatUnassigned info);
    Task ChatUpdated(ChatSummary chat);
    Task MessageAdded(ChatMessage message);
    Task TypingChanged(TypingEvent typing);
    /// <summary>The librarians whose presence or load changed since the last publication, each as it is now.</summary>
    Task PresenceChanged(IReadOnlyList<LibrarianPresence> changed);
}
