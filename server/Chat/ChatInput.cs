using System.Text.RegularExpressions;
using AskLibrary.Chat.Contracts;

namespace AskLibrary.Chat;

/// <summary>
/// Validation at the edge. Every hub method and endpoint passes its arguments through here before
/// anything is stored, so limits are the same everywhere and match docs/protocol.md.
/// </summary>
public static partial class ChatInput
{
    public const int MaxMessageLength = 4000;
    public const int MaxQuestionLength = 2000;
    public const int MaxNameLength = 100;
    public const int MaxEmailLength = 254;
    public const int MaxCardNumberLength = 32;
    public const int MaxCommentLength = 1000;
    public const int MaxNoteLength = 1000;
    public const int MaxTitleLength = 120;

    public static string Text(string? value, string field, int maxLength)
    {
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text))
            throw new ChatException(ErrorCodes.InvalidArgument, $"{field} must not be empty.");
        if (text.Length > maxLength)
            throw new ChatException(ErrorCodes.TooLarge, $"{field} is longer than {maxLength} characters.");
        return text;
    }

    public static string? OptionalText(string? value, string field, int maxLength) =>
        string.IsNullOrWhiteSpace(value) ? null : Text(value, field, maxLength);

    /// <summary>Client-generated ids that make sends idempotent.</summary>
    public static string ClientId(string? value, string field = "clientMessageId")
    {
        if (value is null || !ClientIdPattern().IsMatch(value))
            throw new ChatException(ErrorCodes.InvalidArgument, $"{field} must be 1–64 characters of A–Z, a–z, 0–9, '_' or '-'.");
        return value;
    }

    /// <summary>Server-issued ids: conversation, queue, staff, canned response.</summary>
    public static string Id(string? value, string field)
    {
        if (value is null || !IdPattern().IsMatch(value))
            throw new ChatException(ErrorCodes.InvalidArgument, $"{field} is not a valid id.");
        return value;
    }

    public static string Email(string? value)
    {
        var email = Text(value, "email", MaxEmailLength);
        if (!EmailPattern().IsMatch(email))
            throw new ChatException(ErrorCodes.InvalidArgument, "email does not look like an email address.");
        return email;
    }

    public static string? OptionalEmail(string? value) => string.IsNullOrWhiteSpace(value) ? null : Email(value);

    public static PatronDetails Patron(PatronDetails? details) => details is null
        ? PatronDetails.Empty
        : new PatronDetails(
            OptionalText(details.Name, "name", MaxNameLength),
            OptionalEmail(details.Email),
            OptionalText(details.CardNumber, "cardNumber", MaxCardNumberLength));

    public static int Score(int score) => score is >= 1 and <= 5
        ? score
        : throw new ChatException(ErrorCodes.InvalidArgument, "score must be between 1 and 5.");

    public static long AfterSeq(long afterSeq) => afterSeq >= 0
        ? afterSeq
        : throw new ChatException(ErrorCodes.InvalidArgument, "afterSeq must not be negative.");

    public static string? Language(string? value) => value switch
    {
        null or "" => null,
        _ when value.StartsWith("zh", StringComparison.OrdinalIgnoreCase) => "zh-CN",
        _ when value.StartsWith("en", StringComparison.OrdinalIgnoreCase) => "en",
        _ => throw new ChatException(ErrorCodes.InvalidArgument, "language must be zh-CN or en."),
    };

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex ClientIdPattern();

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex IdPattern();

    [GeneratedRegex(@"^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$")]
    private static partial Regex EmailPattern();
}
