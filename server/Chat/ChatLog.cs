namespace AskLibrary.Chat;

internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "Chat service restored {Count} open conversations from the store")]
    public static partial void Restored(ILogger logger, int count);

    [LoggerMessage(2, LogLevel.Information, "Conversation {ConversationId} started in queue {QueueId}")]
    public static partial void ChatStarted(ILogger logger, string conversationId, string queueId);

    [LoggerMessage(3, LogLevel.Information, "Librarian {StaffId} was gone past the grace period; their chats went back to the queue")]
    public static partial void Requeued(ILogger logger, string staffId);

    [LoggerMessage(4, LogLevel.Error, "Chat maintenance failed; it will run again on the next tick")]
    public static partial void MaintenanceFailed(ILogger logger, Exception exception);

    [LoggerMessage(5, LogLevel.Error, "Hub method {Method} failed unexpectedly")]
    public static partial void HubMethodFailed(ILogger logger, Exception exception, string method);

    [LoggerMessage(6, LogLevel.Warning, "Created the first admin account '{UserName}'")]
    public static partial void FirstAdminCreated(ILogger logger, string userName);

    [LoggerMessage(7, LogLevel.Error, "Request {Method} {Path} failed unexpectedly")]
    public static partial void RequestFailed(ILogger logger, Exception exception, string method, string path);

    [LoggerMessage(8, LogLevel.Information, "Knowledge base ready with {Count} articles")]
    public static partial void KnowledgeReady(ILogger logger, int count);

    [LoggerMessage(9, LogLevel.Warning, "Knowledge-base suggestion for a chat failed; the chat goes on without it")]
    public static partial void SuggestionFailed(ILogger logger, Exception exception);

    [LoggerMessage(10, LogLevel.Warning, "Skipped knowledge-base file {File}: it does not parse")]
    public static partial void ArticleSkipped(ILogger logger, Exception exception, string file);

    [LoggerMessage(11, LogLevel.Error, "Publishing changed queues and presence to staff and waiting patrons failed; the next change publishes them again")]
    public static partial void PublicationFailed(ILogger logger, Exception exception);

    [LoggerMessage(12, LogLevel.Error, "A routing write failed after its turn; {Count} conversations are set back to what the store holds")]
    public static partial void RoutingWriteFailed(ILogger logger, int count);

    [LoggerMessage(13, LogLevel.Error, "Setting conversations back to what the store holds failed; a restart rebuilds them from the store")]
    public static partial void RepairFailed(ILogger logger, Exception exception);

    [LoggerMessage(20, LogLevel.Information, "Privacy rules applied: texts discarded in {Discarded} chats of unrecorded queues; anonymised after the retention period: {Chats} chats, {Tickets} tickets, {TranscriptRequests} transcript requests, {Questions} gap questions, {SearchTexts} search texts")]
    public static partial void PrivacyApplied(ILogger logger, int discarded, int chats, int tickets, int transcriptRequests, int questions, int searchTexts);

    [LoggerMessage(21, LogLevel.Error, "Privacy maintenance failed; it will run again in a minute")]
    public static partial void PrivacyFailed(ILogger logger, Exception exception);

    [LoggerMessage(30, LogLevel.Warning, "Node {NodeId} stopped beating; its connections were closed and its librarians' chats follow the grace period")]
    public static partial void NodeGone(ILogger logger, string nodeId);
}
