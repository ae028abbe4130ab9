using AskLibrary.Storage.MongoDb;
using AskLibrary.Tests.Infrastructure;
using MongoDB.Bson;
using MongoDB.Driver;

namespace AskLibrary.Tests.Storage.MongoDb;

/// <summary>Runs without a server: the index declarations render to what the numbering and idempotency rely on, and docs list them.</summary>
public sealed class MongoIndexTests
{
    private static BsonDocument Render(MongoIndex index)
    {
        var model = index.ToModel();
        var args = new RenderArgs<BsonDocument>(MongoDB.Bson.Serialization.Serializers.BsonDocumentSerializer.Instance, MongoDB.Bson.Serialization.BsonSerializer.SerializerRegistry);
        var options = (CreateIndexOptions<BsonDocument>)model.Options;
        var rendered = new BsonDocument { { "key", model.Keys.Render(args) }, { "name", options.Name } };
        if (options.Unique == true) rendered.Add("unique", true);
        if (options.PartialFilterExpression is { } partial) rendered.Add("partialFilterExpression", partial.Render(args));
        if (options.Collation is { } collation) rendered.Add("collation", collation.ToBsonDocument());
        return rendered;
    }

    private static BsonDocument Named(string name) => Render(Assert.Single(MongoIndex.All, i => i.Name == name));

    [Fact]
    public void Messages_are_numbered_once_per_conversation_and_client_ids_are_unique_where_present()
    {
        Assert.Equal(BsonDocument.Parse("{ key: { conversationId: 1, seq: 1 }, name: 'ix_messages_seq', unique: true }"), Named("ix_messages_seq"));
        Assert.Equal(BsonDocument.Parse("""
            { key: { conversationId: 1, clientMessageId: 1 }, name: 'ix_messages_client_id', unique: true,
              partialFilterExpression: { clientMessageId: { $exists: true } } }
            """), Named("ix_messages_client_id"));
        Assert.Equal(BsonDocument.Parse("{ key: { visitorId: 1, startClientMessageId: 1 }, name: 'ix_conversations_start', unique: true }"), Named("ix_conversations_start"));
    }

    [Fact]
    public void Tickets_are_added_once_per_request_and_per_chat()
    {
        Assert.Equal(BsonDocument.Parse("""
            { key: { visitorId: 1, clientRequestId: 1 }, name: 'ix_tickets_client', unique: true,
              partialFilterExpression: { clientRequestId: { $exists: true } } }
            """), Named("ix_tickets_client"));
        Assert.Equal(BsonDocument.Parse("""
            { key: { conversationId: 1 }, name: 'ix_tickets_conversation', unique: true, partialFilterExpression: { conversationId: { $exists: true } } }
            """), Named("ix_tickets_conversation"));
    }

    [Fact]
    public void Staff_user_names_are_unique_ignoring_case()
    {
        var index = Named("ix_staff_user_name");
        Assert.True(index["unique"].AsBoolean);
        Assert.Equal(("en", 2), (index["collation"]["locale"].AsString, index["collation"]["strength"].ToInt32()));
    }

    [Fact]
    public void Every_index_has_a_unique_name_on_a_known_collection_and_is_listed_in_the_docs()
    {
        var known = typeof(CollectionNames).GetFields().Select(f => (string)f.GetValue(null)!).ToHashSet();
        var docs = File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "storage.md"));
        Assert.Equal(MongoIndex.All.Count, MongoIndex.All.Select(i => i.Name).Distinct().Count());
        Assert.All(MongoIndex.All, i =>
        {
            Assert.Contains(i.Collection, known);
            Assert.Contains($"`{i.Name}`", docs);
            Render(i);
        });
    }
}
