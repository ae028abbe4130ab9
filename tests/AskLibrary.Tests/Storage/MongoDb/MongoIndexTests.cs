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
    public void A_source_has_one_active_merge_and_patron_lookups_are_on_the_normalized_keys()
    {
        Assert.Equal(BsonDocument.Parse("""
            { key: { activeSource: 1 }, name: 'ix_patron_merges_active_source', unique: true, partialFilterExpression: { activeSource: { $exists: true } } }
            """), Named("ix_patron_merges_active_source"));
        Assert.Equal(BsonDocument.Parse("{ key: { cardKey: 1 }, name: 'ix_visitors_card' }"), Named("ix_visitors_card"));
        Assert.Equal(BsonDocument.Parse("{ key: { emailKey: 1 }, name: 'ix_patron_records_email' }"), Named("ix_patron_records_email"));
    }

    [Fact]
    public void Staff_user_names_are_unique_ignoring_case()
    {
        var index = Named("ix_staff_user_name");
        Assert.True(index["unique"].AsBoolean);
        Assert.Equal(("en", 2), (index["collation"]["locale"].AsString, index["collation"]["strength"].ToInt32()));
    }

    /// <summary>What each collection stores, as the full samples serialize (audit entries also get the store-owned "written").</summary>
    private static readonly Dictionary<string, Type> Stored = new()
    {
        [CollectionNames.Conversations] = typeof(AskLibrary.Chat.Conversation),
        [CollectionNames.Messages] = typeof(AskLibrary.Chat.StoredMessage),
        [CollectionNames.Tickets] = typeof(AskLibrary.Tickets.Ticket),
        [CollectionNames.TranscriptRequests] = typeof(AskLibrary.Chat.TranscriptRequestRecord),
        [CollectionNames.Visitors] = typeof(AskLibrary.Patrons.Visitor),
        [CollectionNames.VisitorBlocks] = typeof(AskLibrary.Patrons.VisitorBlock),
        [CollectionNames.Staff] = typeof(AskLibrary.Staff.StaffAccount),
        [CollectionNames.CannedResponses] = typeof(AskLibrary.Staff.CannedResponseRecord),
        [CollectionNames.AuditLog] = typeof(AskLibrary.Staff.AuditEntry),
        [CollectionNames.KbArticles] = typeof(AskLibrary.Knowledge.Articles.KbArticleRecord),
        [CollectionNames.KbVersions] = typeof(AskLibrary.Knowledge.Articles.KbArticleVersion),
        [CollectionNames.KbEvents] = typeof(AskLibrary.Knowledge.Articles.KbEvent),
        [CollectionNames.KbQuestions] = typeof(AskLibrary.Knowledge.Articles.KbQuestion),
        [CollectionNames.PatronRecords] = typeof(AskLibrary.Patrons.PatronRecord),
        [CollectionNames.PatronMerges] = typeof(AskLibrary.Patrons.PatronMerge),
    };

    /// <summary>How each collection's documents are written (some carry store-owned fields beside the record).</summary>
    private static BsonDocument Written(object document) => document switch
    {
        AskLibrary.Patrons.Visitor v => MongoPatronDirectory.VisitorDocument(v),
        AskLibrary.Patrons.PatronRecord r => MongoPatronDirectory.RecordDocument(r),
        AskLibrary.Patrons.PatronMerge m => MongoPatronDirectory.MergeDocument(m),
        _ => document.ToBsonDocument(document.GetType()),
    };

    [Fact]
    public void Every_indexed_field_is_a_field_the_documents_have()
    {
        MongoDocumentMaps.Register();
        foreach (var index in MongoIndex.All)
        {
            var samples = Contracts.StoreSamples.EveryDocument().Where(d => d.GetType() == Stored[index.Collection]).Select(Written).ToList();
            Assert.NotEmpty(samples);
            foreach (var path in index.Keys.Names.Concat(index.PartialFilter?.Names ?? []))
                Assert.True(path == "written" && index.Collection == CollectionNames.AuditLog || samples.Any(s => Has(s, path.Split('.'))),
                    $"{index.Name}: no {index.Collection} document has {path}");
        }
    }

    private static bool Has(BsonValue value, string[] path, int at = 0) =>
        at == path.Length || value switch
        {
            BsonDocument d => d.TryGetValue(path[at], out var next) && Has(next, path, at + 1),
            BsonArray a => a.Any(item => Has(item, path, at)),
            _ => false,
        };

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
