using System.Text.RegularExpressions;
using AskLibrary.Chat;
using AskLibrary.Storage.MongoDb;
using AskLibrary.Tests.Infrastructure;
using AskLibrary.Tests.Storage.Contracts;
using AskLibrary.Tickets;
using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using MongoDB.Driver;

namespace AskLibrary.Tests.Storage.MongoDb;

/// <summary>
/// Runs without a server: the pipelines the MongoDB store sends are exactly the ones docs/storage.md shows (each
/// "// pipeline: name" block, with the sample arguments it states). Only a real server shows they give the right
/// numbers: that is the MongoDB run of the contract suite.
/// </summary>
public sealed partial class MongoPipelineTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset End = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    public MongoPipelineTests() => MongoDocumentMaps.Register();

    public static TheoryData<string> Names() => [.. Pipelines().Keys];

    private static Dictionary<string, BsonDocument[]> Pipelines() => new()
    {
        ["conversation-facts"] = MongoReportPipelines.ConversationFacts(Start, End, "general"),
        ["kb-event-counts"] = MongoReportPipelines.KbEventCounts(Start, End),
        ["deflection"] = MongoReportPipelines.Deflection(Start, End, TimeSpan.FromMinutes(30)),
        ["transcript-search"] = MongoSearchPipeline.Transcripts(new TranscriptQuery(Start, End, "general", " 续借 (renew)? ", 20, 10)),
        ["ticket-list"] = MongoTicketStore.ListPipeline(new TicketQuery(TicketStatus.Open, null, true, End, ["general", "law"], 50)),
        ["shared-emails"] = MongoPatronDirectory.SharedEmailsPipeline(50),
        ["topic-counts"] = MongoReportPipelines.TopicCounts(Start, End, "general"),
        ["read-scale-counts"] = MongoReportPipelines.ReadScaleCounts(Start, End, null),
        ["ticket-facts"] = MongoReportPipelines.TicketFacts(Start, End, "law"),
        ["patron-chats"] = MongoReportPipelines.PatronChats(Start, End),
        ["first-chats"] = MongoReportPipelines.FirstChats(End),
    };

    public static TheoryData<string> FilterNames() => [.. Filters().Keys];

    /// <summary>The finds and updates of the stores added for the patron profile, ratings and retention.</summary>
    private static Dictionary<string, BsonDocument> Filters() => new()
    {
        ["patron-tickets"] = MongoPatronActivityStore.TicketsFilter("v_1", ["c_1", "c_2"]),
        ["patron-kb-events"] = MongoPatronActivityStore.KbEventsFilter("v_1"),
        ["rated-chats"] = MongoRatingStore.RatedFilter("s_1", Start, End),
        ["retention-tickets"] = MongoRetentionStore.TicketsFilter(Start),
        ["retention-transcript-requests"] = MongoRetentionStore.NotAnonymisedBefore("requestedAt", Start),
        ["retention-kb-questions"] = MongoRetentionStore.NotAnonymisedBefore("at", Start),
        ["retention-kb-event-queries"] = MongoRetentionStore.EventQueriesFilter(Start),
    };

    [Theory]
    [MemberData(nameof(FilterNames))]
    public void The_filter_is_the_one_the_docs_show(string name)
    {
        var rendered = Filters()[name];
        var documented = DocumentedFilters().GetValueOrDefault(name)
            ?? throw new Xunit.Sdk.XunitException($"docs/storage.md has no '// filter: {name}' block; the store sends:\n{rendered.ToJson(Shell)}");
        Assert.True(documented.Equals(rendered), $"docs/storage.md shows for {name}:\n{documented.ToJson(Shell)}\nthe store sends:\n{rendered.ToJson(Shell)}");
    }

    [Fact]
    public void Unlinking_a_patron_s_events_unsets_the_visitor_and_the_typed_text()
    {
        Assert.Equal(BsonDocument.Parse("{ $unset: { visitorId: '', query: '' } }"), MongoPatronActivityStore.Unlink);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void The_pipeline_is_the_one_the_docs_show(string name)
    {
        var rendered = new BsonArray(Pipelines()[name]);
        var documented = DocumentedPipelines().GetValueOrDefault(name)
            ?? throw new Xunit.Sdk.XunitException($"docs/storage.md has no '// pipeline: {name}' block; the store sends:\n{rendered.ToJson(Shell)}");
        Assert.True(documented.Equals(rendered), $"docs/storage.md shows for {name}:\n{documented.ToJson(Shell)}\nthe store sends:\n{rendered.ToJson(Shell)}");
    }

    [Fact]
    public void Search_text_is_matched_literally_ignoring_case()
    {
        var lookup = MongoSearchPipeline.Transcripts(new TranscriptQuery(null, null, null, "a.b*(c)", 0, 10))[1]["$lookup"]["pipeline"][1]["$match"]["text"].AsBsonRegularExpression;
        Assert.Equal("i", lookup.Options);
        var regex = new Regex(lookup.Pattern, RegexOptions.IgnoreCase);
        Assert.Matches(regex, "x A.B*(C) y");
        Assert.DoesNotMatch(regex, "aXbbb(c)");
    }

    [Fact]
    public void Replacing_a_conversation_keeps_the_stored_last_seq_and_takes_patron_text_literally()
    {
        var conversation = StoreSamples.FullConversation("c_1") with { Question = "$lastSeq" };
        var args = new RenderArgs<BsonDocument>(MongoDB.Bson.Serialization.Serializers.BsonDocumentSerializer.Instance, BsonSerializer.SerializerRegistry);
        var stage = Assert.Single(MongoConversationStore.KeepingLastSeq(conversation).Render(args).AsBsonArray)["$replaceWith"]["$mergeObjects"].AsBsonArray;
        var literal = stage[0]["$literal"].AsBsonDocument;
        Assert.Equal(("c_1", "$lastSeq", false), (literal["_id"].AsString, literal["question"].AsString, literal.Contains("lastSeq")));
        Assert.Equal(new BsonDocument("lastSeq", "$lastSeq"), stage[1]);
    }

    private static readonly MongoDB.Bson.IO.JsonWriterSettings Shell = new() { OutputMode = MongoDB.Bson.IO.JsonOutputMode.Shell, Indent = true, NewLineChars = "\n" };

    private static Dictionary<string, BsonArray> DocumentedPipelines()
    {
        var docs = File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "storage.md"));
        return PipelineBlock().Matches(docs).ToDictionary(m => m.Groups[1].Value, m => BsonSerializer.Deserialize<BsonArray>(m.Groups[2].Value));
    }

    private static Dictionary<string, BsonDocument> DocumentedFilters()
    {
        var docs = File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "storage.md"));
        return FilterBlock().Matches(docs).ToDictionary(m => m.Groups[1].Value, m => BsonSerializer.Deserialize<BsonDocument>(m.Groups[2].Value));
    }

    [GeneratedRegex(@"```js\n// filter: ([a-z-]+)[^\n]*\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex FilterBlock();

    [GeneratedRegex(@"```js\n// pipeline: ([a-z-]+)[^\n]*\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex PipelineBlock();
}
