namespace AskLibrary.Chat;

/// <summary>Fills the documented placeholders of a canned response; unknown ones are left as written.</summary>
public static class CannedText
{
    public static string Render(string template, string patronName, string librarianName, string queueName) => template
        .Replace("{patron.name}", patronName, StringComparison.Ordinal)
        .Replace("{librarian.name}", librarianName, StringComparison.Ordinal)
        .Replace("{queue.name}", queueName, StringComparison.Ordinal);
}
