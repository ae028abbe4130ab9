using System.Globalization;
using System.Text;
using AskLibrary.Chat.Contracts;

namespace AskLibrary.Chat.Classification;

/// <summary>
/// Topic tags are short normalized words, so "Borrowing", " borrowing " and "ｂｏｒｒｏｗｉｎｇ" count as one topic in the
/// reports: NFKC (full-width folded), lower case, runs of spaces as one '-', no '-' or '_' at either end. Only letters (any script), digits,
/// '-' and '_' are allowed, so a tag can never carry markup.
/// </summary>
public static class TopicTags
{
    public const int MaxTags = 10;
    public const int MaxLength = 32;

    /// <summary>Normalizes and checks a chat's tags; duplicates (after normalizing) are dropped, order kept.</summary>
    public static IReadOnlyList<string> Validate(IReadOnlyList<string?>? tags)
    {
        if (tags is null)
            throw new ChatException(ErrorCodes.InvalidArgument, "tags (an array, possibly empty) is required.");
        var result = new List<string>();
        foreach (var raw in tags)
        {
            var tag = Normalize(raw) ?? throw new ChatException(ErrorCodes.InvalidArgument,
                $"A tag must be 1–{MaxLength} letters, digits, '-' or '_'.");
            if (!result.Contains(tag, StringComparer.Ordinal))
                result.Add(tag);
        }
        if (result.Count > MaxTags)
            throw new ChatException(ErrorCodes.TooLarge, $"A chat has at most {MaxTags} tags.");
        return result;
    }

    /// <summary>The normalized tag, or null when the text cannot be one (empty, too long, or other characters).</summary>
    public static string? Normalize(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw) || raw.Length > MaxLength * 4)
            return null;
        var folded = raw.Normalize(NormalizationForm.FormKC).Trim().ToLowerInvariant();
        var tag = new StringBuilder(folded.Length);
        var pendingDash = false;
        foreach (var ch in folded)
        {
            if (char.IsWhiteSpace(ch))
            {
                pendingDash = tag.Length > 0;
                continue;
            }
            if (!IsAllowed(ch))
                return null;
            if (pendingDash)
                tag.Append('-');
            pendingDash = false;
            tag.Append(ch);
        }
        // Dashes at the ends carry no meaning, and a leading '-' would look like a formula to a spreadsheet.
        var text = tag.ToString().Trim('-', '_');
        return text.Length is > 0 and <= MaxLength && text.Any(char.IsLetterOrDigit) ? text : null;
    }

    private static bool IsAllowed(char ch) => ch is '-' or '_' || char.GetUnicodeCategory(ch) is
        UnicodeCategory.LowercaseLetter or UnicodeCategory.UppercaseLetter or UnicodeCategory.TitlecaseLetter
        or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter or UnicodeCategory.DecimalDigitNumber
        or UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark;
}
