namespace AskLibrary.Chat;

/// <summary>System messages as the patron reads them, in the conversation's language (Chinese unless the widget said English).</summary>
public static class SystemText
{
    private static bool English(string? language) => language == "en";

    public static string Joined(string? language, string librarian) =>
        English(language) ? $"{librarian} has joined the chat." : $"馆员 {librarian} 已加入对话。";

    public static string TransferredToQueue(string? language, string queue) =>
        English(language) ? $"Your question has been passed to {queue}. Please wait a moment." : $"您的问题已转交给“{queue}”，请稍候。";

    public static string TransferredToLibrarian(string? language, string librarian) =>
        English(language) ? $"Your chat has been transferred to {librarian}." : $"您的对话已转交给馆员 {librarian}。";

    public static string Requeued(string? language) =>
        English(language)
            ? "Your librarian lost their connection. You are back at the front of the queue; the next librarian will continue."
            : "馆员的连接已中断。您已回到队列最前面，下一位馆员会继续为您解答。";

    public static string EndedByPatron(string? language) =>
        English(language) ? "You ended the chat." : "您已结束对话。";

    public static string EndedByLibrarian(string? language, string librarian) =>
        English(language) ? $"{librarian} ended the chat." : $"馆员 {librarian} 已结束对话。";

    public static string EndedNeutral(string? language) =>
        English(language) ? "The chat has ended." : "对话已结束。";

    public static string Restarting(string? language) =>
        English(language)
            ? "The service is restarting for maintenance. You will be reconnected automatically and nothing you wrote is lost."
            : "服务正在维护重启，连接会自动恢复，您的对话内容不会丢失。";

    public static string Abandoned(string? language) =>
        English(language) ? "The chat ended because you left before a librarian was free." : "您在馆员接入前离开，对话已结束。";

    public static string PatronPlaceholderName(string? language) => English(language) ? "there" : "您";
}
