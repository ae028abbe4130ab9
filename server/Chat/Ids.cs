using System.Security.Cryptography;

namespace AskLibrary.Chat;

/// <summary>Server-issued ids: a short prefix that says what it names, then 16 random base-32 characters.</summary>
public static class Ids
{
    private const string Alphabet = "abcdefghijkmnpqrstuvwxyz23456789";

    public static string New(string prefix) =>
        prefix + "_" + RandomNumberGenerator.GetString(Alphabet, 16);
}
