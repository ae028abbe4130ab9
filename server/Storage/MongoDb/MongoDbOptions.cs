using System.ComponentModel.DataAnnotations;
using MongoDB.Driver;

namespace AskLibrary.Storage.MongoDb;

/// <summary>AskLibrary:Storage:MongoDb — read only when AskLibrary:Storage:Provider is MongoDb.</summary>
public sealed class MongoDbOptions
{
    /// <summary>A mongodb:// or mongodb+srv:// URL of a replica set (transactions need one; a single-node set will do).</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The database that holds AskLibrary's collections.</summary>
    public string Database { get; set; } = "asklibrary";

    /// <summary>The problems with these settings, empty when they can be used.</summary>
    public IEnumerable<ValidationResult> Problems()
    {
        if (string.IsNullOrWhiteSpace(ConnectionString))
            yield return new ValidationResult("AskLibrary:Storage:MongoDb:ConnectionString is required when the provider is MongoDb.");
        else if (!TryParse(ConnectionString))
            yield return new ValidationResult("AskLibrary:Storage:MongoDb:ConnectionString is not a mongodb:// or mongodb+srv:// URL.");
        // MongoDB's own rules for database names: at most 63 bytes, none of /\. "$*<>:|? and no NUL.
        if (string.IsNullOrWhiteSpace(Database) || Database.Length > 63 || Database.IndexOfAny(['/', '\\', '.', ' ', '"', '$', '*', '<', '>', ':', '|', '?', '\0']) >= 0)
            yield return new ValidationResult("AskLibrary:Storage:MongoDb:Database must be 1–63 characters without /\\. \"$*<>:|?.");
    }

    private static bool TryParse(string connectionString)
    {
        try
        {
            _ = MongoUrl.Create(connectionString);
            return true;
        }
        catch (MongoConfigurationException)
        {
            return false;
        }
    }
}
