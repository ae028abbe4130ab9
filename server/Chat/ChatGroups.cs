namespace AskLibrary.Chat;

/// <summary>SignalR group names, in one place for the notifier, the hubs and the tests.</summary>
public static class ChatGroups
{
    /// <summary>Every patron connection of one visitor (all their tabs).</summary>
    public static string Visitor(string visitorId) => $"visitor:{visitorId}";

    /// <summary>Patron connections watching a queue's online/offline status.</summary>
    public static string QueueStatus(string queueId) => $"queue-status:{queueId}";

    /// <summary>Every staff connection of one librarian.</summary>
    public static string Staff(string staffId) => $"staff:{staffId}";

    /// <summary>Staff connections serving a queue (and admins).</summary>
    public static string StaffQueue(string queueId) => $"staff-queue:{queueId}";

    /// <summary>Staff connections that opened a conversation.</summary>
    public static string Conversation(string conversationId) => $"conversation:{conversationId}";

    /// <summary>Every staff connection.</summary>
    public const string AllStaff = "staff-all";
}
