namespace AskLibrary.Storage.Sqlite;

internal static partial class SqliteLog
{
    [LoggerMessage(EventId = 120, Level = LogLevel.Error,
        Message = "Moving logged messages into the messages table failed; they stay in the log, where reads find them, until the next fold")]
    public static partial void FoldFailed(ILogger logger, Exception exception);
}
