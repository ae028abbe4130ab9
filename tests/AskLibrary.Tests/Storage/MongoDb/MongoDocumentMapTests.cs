using System.Text.Json.Nodes;
using AskLibrary.Storage;
using AskLibrary.Storage.MongoDb;
using AskLibrary.Tests.Storage.Contracts;
using MongoDB.Bson;
using MongoDB.Bson.Serialization;

namespace AskLibrary.Tests.Storage.MongoDb;

/// <summary>
/// Runs without a MongoDB server: every document type serializes to BSON and back unchanged, and holds the
/// same fields under the same names as the SQLite JSON document (id as _id; derived values are not stored).
/// </summary>
public sealed class MongoDocumentMapTests
{
    private static readonly HashSet<string> Derived = ["isOpen", "waitTime", "firstResponseTime", "duration"];

    public MongoDocumentMapTests() => MongoDocumentMaps.Register();

    public static TheoryData<string, object> Documents()
    {
        var data = new TheoryData<string, object>();
        var i = 0;
        foreach (var document in StoreSamples.EveryDocument())
            data.Add($"{document.GetType().Name}#{i++}", document);
        return data;
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void Every_document_round_trips_through_bson(string name, object document)
    {
        var bson = document.ToBsonDocument(document.GetType());
        var back = BsonSerializer.Deserialize(bson, document.GetType());
        Assert.True(StorageJson.Serialize(document) == StorageJson.Serialize(back), name);
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void Bson_documents_mirror_the_sqlite_json_documents(string name, object document)
    {
        var bson = document.ToBsonDocument(document.GetType());
        var json = JsonNode.Parse(StorageJson.Serialize(document))!.AsObject();
        // The _id is the record's id, or what keys it: a block's visitorId, a patron record's card number.
        var idName = name.StartsWith("VisitorBlock", StringComparison.Ordinal) ? "visitorId" : name.StartsWith("PatronRecord", StringComparison.Ordinal) ? "cardNumber" : "id";
        var jsonNames = json.Select(p => p.Key == idName ? "_id" : p.Key)
            .Where(n => !Derived.Contains(n)).Order(StringComparer.Ordinal);
        Assert.Equal(jsonNames, bson.Names.Order(StringComparer.Ordinal));
        // Same strings and numbers (enums as snake_case, e.g. "not_helpful", a date as "2027-06-30"); instants become BSON dates.
        foreach (var element in bson.Elements.Where(e => e.Value.IsString))
            Assert.Equal(json[element.Name == "_id" ? idName : element.Name]!.GetValue<string>(), element.Value.AsString);
        foreach (var element in bson.Elements.Where(e => e.Value.BsonType == BsonType.DateTime))
            Assert.Equal(DateTimeOffset.Parse(json[element.Name]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds(),
                element.Value.AsBsonDateTime.MillisecondsSinceEpoch);
    }

    [Fact]
    public void Every_stored_type_has_a_sample()
    {
        var sampled = StoreSamples.EveryDocument().Select(d => d.GetType()).ToHashSet();
        Assert.All(MongoDocumentMaps.DocumentTypes, t => Assert.Contains(t, sampled));
    }

    /// <summary>
    /// Every stored property of every document type is set in at least one sample, so the round trips above cover
    /// it: a field added to a record without a sample value fails here, not in production.
    /// </summary>
    [Fact]
    public void Every_stored_field_is_set_in_some_sample()
    {
        foreach (var type in MongoDocumentMaps.DocumentTypes)
        {
            var written = StoreSamples.EveryDocument().Where(d => d.GetType() == type)
                .SelectMany(d => JsonNode.Parse(StorageJson.Serialize(d))!.AsObject()
                    .Where(p => p.Value is not null && !(p.Value is JsonArray { Count: 0 }) && p.Value.ToJsonString() is not ("false" or "0"))
                    .Select(p => p.Key))
                .ToHashSet(StringComparer.Ordinal);
            var stored = type.GetProperties(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance)
                .Where(p => p.CanWrite || type.GetConstructors().Any(c => c.GetParameters().Any(a => a.Name == p.Name)))
                .Select(p => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(p.Name))
                .Where(n => !Derived.Contains(n) && n != "equalityContract");
            Assert.All(stored, n => Assert.True(written.Contains(n), $"{type.Name}.{n} is set in no sample (StoreSamples.EveryDocument)"));
        }
    }

    [Fact]
    public void The_new_fields_are_stored_under_their_json_names()
    {
        var conversation = StoreSamples.FullConversation("c_1").ToBsonDocument();
        Assert.Equal(new BsonArray { "borrowing", "馆际互借" }, StoreSamples.EveryDocument().OfType<AskLibrary.Chat.Conversation>().Single(c => c.Id == "c_3").ToBsonDocument()["tags"]);
        Assert.Equal((3, "203.0.113.0/24"), (conversation["readScale"].AsInt32, conversation["patronAddress"].AsString));
        Assert.Equal(BsonType.DateTime, StoreSamples.FullTicket("q_1").ToBsonDocument()["anonymisedAt"].BsonType);
        var documents = StoreSamples.EveryDocument().ToList();
        Assert.Equal(BsonType.DateTime, documents.OfType<AskLibrary.Chat.TranscriptRequestRecord>().First().ToBsonDocument()["anonymisedAt"].BsonType);
        Assert.Equal(BsonType.DateTime, documents.OfType<AskLibrary.Knowledge.Articles.KbQuestion>().First().ToBsonDocument()["anonymisedAt"].BsonType);
        Assert.Equal("v_1", documents.OfType<AskLibrary.Knowledge.Articles.KbEvent>().First().ToBsonDocument()["visitorId"].AsString);
        // A chat nobody classified has no readScale (the reports treat it as not rated) and an empty tags array.
        var plain = StoreSamples.Conversation("c_2").ToBsonDocument();
        Assert.False(plain.Contains("readScale"));
        Assert.Equal(new BsonArray(), plain["tags"]);
    }

    [Fact]
    public void Enums_are_stored_as_the_sqlite_documents_write_them()
    {
        var e = new AskLibrary.Knowledge.Articles.KbEvent("kb_1", AskLibrary.Knowledge.Articles.KbEventKind.NotHelpful, null, null, null, StoreSamples.T0).ToBsonDocument();
        Assert.Equal("not_helpful", e["kind"].AsString);
        Assert.False(e.Contains("query"));
        var ticket = StoreSamples.FullTicket("q_1").ToBsonDocument();
        Assert.Equal(("pending", "patron", "pending"), (ticket["status"].AsString, ticket["source"].AsString, ticket["answers"][0]["delivery"].AsString));
        Assert.Equal(("q_1", BsonType.DateTime, BsonType.DateTime), (ticket["_id"].AsString, ticket["createdAt"].BsonType, ticket["answers"][1]["sentAt"].BsonType));
    }

    [Fact]
    public void Server_generated_ids_and_fields_from_a_newer_build_are_ignored_when_reading()
    {
        var stored = new AskLibrary.Chat.StoredMessage("c_1", 2, AskLibrary.Chat.Contracts.MessageKind.Patron, "v_1", null, "hi", "m1", null, StoreSamples.T0);
        var document = stored.ToBsonDocument();
        document.InsertAt(0, new BsonElement("_id", ObjectId.GenerateNewId()));
        document.Add("tags", new BsonArray { "new-field" });
        Assert.Equal(stored, BsonSerializer.Deserialize<AskLibrary.Chat.StoredMessage>(document));
    }

    [Fact]
    public void Instants_keep_milliseconds_and_come_back_in_utc()
    {
        var at = new DateTimeOffset(2026, 11, 24, 11, 0, 0, 123, TimeSpan.FromHours(8)).AddTicks(4567);
        var back = BsonSerializer.Deserialize<AskLibrary.Staff.CannedResponseRecord>(new AskLibrary.Staff.CannedResponseRecord("cr", "t", "x", null, at).ToBsonDocument());
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 3, 0, 0, 123, TimeSpan.Zero), back.UpdatedAt);
    }

    [Fact]
    public void Patron_records_are_keyed_by_card_and_store_their_expiry_as_iso_text_with_the_normalized_email_and_phone()
    {
        var record = StoreSamples.Record("2100012345", " Li@Example.ORG", "+86 10-6275", new DateOnly(2027, 6, 30));
        var stored = MongoPatronDirectory.RecordDocument(record);
        Assert.Equal(("2100012345", "2027-06-30", "li@example.org", "86106275"),
            (stored["_id"].AsString, stored["expires"].AsString, stored["emailKey"].AsString, stored["phoneKey"].AsString));
        Assert.False(stored.Contains("cardNumber"));
        Assert.Equal(record, BsonSerializer.Deserialize<AskLibrary.Patrons.PatronRecord>(stored));
        var bare = MongoPatronDirectory.RecordDocument(record with { Email = " ", Phone = "n/a", Expires = null });
        Assert.False(bare.Contains("emailKey") || bare.Contains("phoneKey") || bare.Contains("expires"));
        Assert.Equal("2026-01-05", MongoPatronDirectory.ExpiresValue(new DateOnly(2026, 1, 5)));
    }

    [Fact]
    public void Visitors_carry_their_normalized_card_and_email_and_active_merges_their_source()
    {
        var visitor = new AskLibrary.Patrons.Visitor("v_1", new AskLibrary.Chat.Contracts.PatronDetails("Li", "ZW@Example.edu.cn ", " 2020-123 456."), StoreSamples.T0, StoreSamples.T0);
        var stored = MongoPatronDirectory.VisitorDocument(visitor);
        Assert.Equal(("2020123456", "zw@example.edu.cn"), (stored["cardKey"].AsString, stored["emailKey"].AsString));
        Assert.Equal(visitor, BsonSerializer.Deserialize<AskLibrary.Patrons.Visitor>(stored));
        var anonymous = MongoPatronDirectory.VisitorDocument(visitor with { Details = new AskLibrary.Chat.Contracts.PatronDetails(null, " ", "-") });
        Assert.False(anonymous.Contains("cardKey") || anonymous.Contains("emailKey"));

        var merge = new AskLibrary.Patrons.PatronMerge("pm_1", "email:li@example.org", "card:1", StoreSamples.T0, "s_1", "Wang");
        Assert.Equal("email:li@example.org", MongoPatronDirectory.MergeDocument(merge)["activeSource"].AsString);
        var undone = merge with { UndoneAt = StoreSamples.T0.AddHours(1), UndoneBy = "Zhang" };
        var undoneDocument = MongoPatronDirectory.MergeDocument(undone);
        Assert.False(undoneDocument.Contains("activeSource"));
        Assert.Equal(undone, BsonSerializer.Deserialize<AskLibrary.Patrons.PatronMerge>(undoneDocument));
        Assert.Equal(merge, BsonSerializer.Deserialize<AskLibrary.Patrons.PatronMerge>(MongoPatronDirectory.MergeDocument(merge)));
    }
}
