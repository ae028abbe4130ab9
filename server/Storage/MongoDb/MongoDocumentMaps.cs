using System.Text.Json;
using AskLibrary.Chat;
using AskLibrary.Knowledge.Articles;
using AskLibrary.Patrons;
using AskLibrary.Staff;
using AskLibrary.Tickets;
using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using MongoDB.Bson.Serialization.Conventions;
using MongoDB.Bson.Serialization.Serializers;

namespace AskLibrary.Storage.MongoDb;

/// <summary>
/// How the document records map to BSON, registered once per process: the same camelCase names and
/// snake_case enum strings as the SQLite JSON documents (<see cref="StorageJson"/>), nulls left out,
/// instants as BSON dates (UTC, millisecond precision — what range queries and $dateToParts need),
/// and each record's Id as _id. Derived read-only properties (Conversation.WaitTime…) are not stored.
/// </summary>
public static class MongoDocumentMaps
{
    private static readonly Lock Gate = new();
    private static bool _registered;

    /// <summary>The record types stored as (or inside) documents; tests round-trip each of them.</summary>
    public static readonly IReadOnlyList<Type> DocumentTypes =
    [
        typeof(Conversation), typeof(StoredMessage), typeof(TranscriptRequestRecord), typeof(Visitor), typeof(VisitorBlock),
        typeof(StaffAccount), typeof(CannedResponseRecord), typeof(AuditEntry), typeof(Ticket),
        typeof(KbArticleRecord), typeof(KbArticleVersion), typeof(KbEvent), typeof(KbQuestion),
        typeof(PatronRecord), typeof(PatronMerge),
    ];

    public static void Register()
    {
        lock (Gate)
        {
            if (_registered)
                return;
            var conventions = new ConventionPack
            {
                new CamelCaseElementNameConvention(),
                new IgnoreIfNullConvention(true),
                // Documents written by a newer build (another engineer's new field) still load.
                new IgnoreExtraElementsConvention(true),
                new SnakeCaseEnumConvention(),
            };
            ConventionRegistry.Register("AskLibrary documents", conventions, t => t.FullName?.StartsWith("AskLibrary.", StringComparison.Ordinal) == true);
            BsonSerializer.TryRegisterSerializer(new DateTimeOffsetSerializer(BsonType.DateTime));
            // A block is keyed by its visitor: one block per visitor, as in the SQLite table.
            BsonClassMap.TryRegisterClassMap<VisitorBlock>(map =>
            {
                map.AutoMap();
                map.MapIdMember(b => b.VisitorId);
            });
            // A patron record is keyed by its (normalized) card number; its expiry is ISO text, as in the JSON document.
            BsonClassMap.TryRegisterClassMap<PatronRecord>(map =>
            {
                map.AutoMap();
                map.MapIdMember(r => r.CardNumber);
                map.MapMember(r => r.Expires).SetSerializer(new NullableSerializer<DateOnly>(new DateOnlySerializer(BsonType.String)));
            });
            _registered = true;
        }
    }
}

/// <summary>Enums as snake_case strings ("not_helpful"), the way StorageJson writes them.</summary>
internal sealed class SnakeCaseEnumConvention() : ConventionBase("SnakeCaseEnum"), IMemberMapConvention
{
    public void Apply(BsonMemberMap memberMap)
    {
        var type = memberMap.MemberType;
        var enumType = Nullable.GetUnderlyingType(type) ?? type;
        if (!enumType.IsEnum)
            return;
        var serializer = (IBsonSerializer)Activator.CreateInstance(typeof(SnakeCaseEnumSerializer<>).MakeGenericType(enumType))!;
        if (enumType != type)
            serializer = (IBsonSerializer)Activator.CreateInstance(typeof(NullableSerializer<>).MakeGenericType(enumType), serializer)!;
        memberMap.SetSerializer(serializer);
    }
}

public sealed class SnakeCaseEnumSerializer<T> : StructSerializerBase<T> where T : struct, Enum
{
    private static readonly Dictionary<T, string> Names = Enum.GetValues<T>().ToDictionary(v => v, v => JsonNamingPolicy.SnakeCaseLower.ConvertName(v.ToString()));
    private static readonly Dictionary<string, T> Values = Names.ToDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);

    /// <summary>The stored string of a value, for filters: Name(ConversationState.Waiting) is "waiting".</summary>
    public static string Name(T value) => Names[value];

    public static T Parse(string stored) =>
        Values.TryGetValue(stored, out var value) ? value : throw new FormatException($"'{stored}' is not a stored {typeof(T).Name}.");

    public override void Serialize(BsonSerializationContext context, BsonSerializationArgs args, T value) => context.Writer.WriteString(Name(value));

    public override T Deserialize(BsonDeserializationContext context, BsonDeserializationArgs args) => Parse(context.Reader.ReadString());
}
