using AskLibrary.Chat.Contracts;

namespace AskLibrary.Patrons;

/// <summary>
/// How patron details are compared, and the profile keys they give. Normalization folds only ASCII case so that it
/// matches the SQL expressions that index the same values (SqliteSchema: visitors.card_key / email_key):
/// a card number loses spaces, dashes and dots and is upper-cased; an email is lower-cased; a phone keeps its digits.
/// Only spaces are trimmed, as SQL's trim() does (details are trimmed at the edge anyway).
/// A profile key is "card:NUMBER", "email:ADDRESS" or "visitor:ID" (docs/crm.md#identified-patrons).
/// </summary>
public static class PatronKeys
{
    public const string CardPrefix = "card:";
    public const string EmailPrefix = "email:";
    public const string VisitorPrefix = "visitor:";

    public static string? Card(string? value)
    {
        if (value is null)
            return null;
        var key = AsciiUpper(value.Trim(' ').Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal).Replace(".", "", StringComparison.Ordinal));
        return key.Length == 0 ? null : key;
    }

    public static string? Email(string? value) => value is null || value.Trim(' ').Length == 0 ? null : AsciiLower(value.Trim(' '));

    public static string? Phone(string? value)
    {
        var digits = new string((value ?? "").Where(char.IsAsciiDigit).ToArray());
        return digits.Length == 0 ? null : digits;
    }

    public static string ForCard(string cardKey) => CardPrefix + cardKey;

    public static string ForEmail(string emailKey) => EmailPrefix + emailKey;

    public static string ForVisitor(string visitorId) => VisitorPrefix + visitorId;

    /// <summary>
    /// The key a visitor is identified by: their card number; else the card of the one imported record with their
    /// email; else their email; else their visitor id. <paramref name="recordsWithEmail"/> are the imported records
    /// carrying the visitor's email (when the visitor gave no card).
    /// </summary>
    public static string Of(string visitorId, PatronDetails details, IReadOnlyList<PatronRecord> recordsWithEmail)
    {
        if (Card(details.CardNumber) is { } card)
            return ForCard(card);
        if (Email(details.Email) is { } email)
            return recordsWithEmail.Count == 1 ? ForCard(recordsWithEmail[0].CardNumber) : ForEmail(email);
        return ForVisitor(visitorId);
    }

    private static string AsciiUpper(string s) => string.Create(s.Length, s, (span, src) =>
    {
        for (var i = 0; i < src.Length; i++)
            span[i] = src[i] is >= 'a' and <= 'z' ? (char)(src[i] - 32) : src[i];
    });

    private static string AsciiLower(string s) => string.Create(s.Length, s, (span, src) =>
    {
        for (var i = 0; i < src.Length; i++)
            span[i] = src[i] is >= 'A' and <= 'Z' ? (char)(src[i] + 32) : src[i];
    });
}
