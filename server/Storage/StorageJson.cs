using System.Text.Json;
using System.Text.Json.Serialization;

namespace AskLibrary.Storage;

/// <summary>How documents are serialized at rest: the same camelCase shape a MongoDB store would keep.</summary>
public static class StorageJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Encoder = AskLibrary.Chat.ChatExtensions.AnyScript, // a Chinese question is stored in 3 bytes a character, not 6
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T Deserialize<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, Options) ?? throw new InvalidDataException($"Stored {typeof(T).Name} is null.");
}
