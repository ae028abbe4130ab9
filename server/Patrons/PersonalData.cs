using System.Text.RegularExpressions;

namespace AskLibrary.Patrons;

/// <summary>
/// Removes personal data from free text: e-mail addresses, phone numbers, card and ID numbers (any run
/// of 6 or more digits, with or without spaces and dashes), and the names we know belong to people in
/// the conversation. Used when a transcript becomes a knowledge-base draft, and by retention.
/// </summary>
public static partial class PersonalData
{
    public const string EmailMark = "[email]";
    public const string NumberMark = "[number]";
    public const string NameMark = "[name]";

    public static string Scrub(string text, IEnumerable<string?> knownNames)
    {
        var scrubbed = Email().Replace(text, EmailMark);
        scrubbed = LongNumber().Replace(scrubbed, NumberMark);
        foreach (var name in knownNames.Where(n => !string.IsNullOrWhiteSpace(n) && n!.Trim().Length >= 2).Select(n => n!.Trim()).Distinct())
            scrubbed = scrubbed.Replace(name, NameMark, StringComparison.OrdinalIgnoreCase);
        return scrubbed;
    }

    [GeneratedRegex(@"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")]
    private static partial Regex Email();

    // Phone numbers (138 0013 8000, +86-10-6275-1234), card numbers, ID numbers: 6+ digits, separators allowed.
    [GeneratedRegex(@"(?<![\w])\+?\d(?:[\s-]?\d){5,}[Xx]?(?![\w])")]
    private static partial Regex LongNumber();
}
