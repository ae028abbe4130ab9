using AskLibrary.Chat;
using AskLibrary.Chat.Contracts;
using static AskLibrary.Tests.Storage.Contracts.StoreSamples;

namespace AskLibrary.Tests.Storage.Contracts;

/// <summary>What every IConversationStore promises: numbering, idempotency, replace and the transcript queries.</summary>
public abstract class ConversationStoreContract : StoreContract
{
    /// <summary>Documents compared as stored: record equality compares Tags (a list) by reference.</summary>
    private static string Json(object? value) => AskLibrary.Storage.StorageJson.Serialize(value);

    private IConversationStore Conversations => Store.Conversations;

    private async Task<Conversation> CreateAsync(string id, string visitorId = "v_1", string queueId = "general", DateTimeOffset? createdAt = null, string text = "q")
    {
        var c = Conversation(id, visitorId, queueId, createdAt);
        await Conversations.CreateAsync(c, Message(id, text, c.StartClientMessageId, at: c.CreatedAt), None);
        return c;
    }

    [SkippableFact]
    public async Task Creating_stores_the_conversation_with_its_first_message_as_seq_1()
    {
        var c = FullConversation("c1") with { State = ConversationState.Waiting, LastSeq = 0 };
        var first = await Conversations.CreateAsync(c, Message("c1", "去哪里借书？", c.StartClientMessageId), None);
        Assert.Equal(1, first.Seq);
        var stored = await Conversations.FindAsync("c1", None);
        Assert.Equal(Json(c with { LastSeq = 1 }), Json(stored));
        Assert.Equal([first], await Conversations.ListMessagesAsync("c1", 0, includeNotes: true, None));
        Assert.Null(await Conversations.FindAsync("c_missing", None));
    }

    [SkippableFact]
    public async Task Concurrent_appends_get_gapless_unique_sequence_numbers()
    {
        await CreateAsync("c1");
        var store = Conversations;
        var appends = Enumerable.Range(0, 50).Select(i => Task.Run(() => store.AppendAsync(Message("c1", $"m{i}", $"client-{i}", MessageKind.Librarian), None)));
        var results = await Task.WhenAll(appends);
        Assert.Equal(Enumerable.Range(2, 50).Select(i => (long)i), results.Select(r => r.Message.Seq).Order());
        var stored = await store.ListMessagesAsync("c1", 0, includeNotes: true, None);
        Assert.Equal(Enumerable.Range(1, 51).Select(i => (long)i), stored.Select(m => m.Seq));
        Assert.Equal(51, (await store.FindAsync("c1", None))!.LastSeq);
    }

    [SkippableFact]
    public async Task A_repeated_client_message_id_returns_the_stored_message_without_writing()
    {
        await CreateAsync("c1");
        var first = await Conversations.AppendAsync(Message("c1", "hello", "same"), None);
        var again = await Conversations.AppendAsync(Message("c1", "hello edited", "same", at: T0.AddSeconds(1)), None);
        Assert.False(first.Duplicate);
        Assert.True(again.Duplicate);
        Assert.Equal(first.Message, again.Message);
        Assert.Equal(2, (await Conversations.ListMessagesAsync("c1", 0, true, None)).Count);
        Assert.Equal(first.Message, await Conversations.FindByClientMessageIdAsync("c1", "same", None));
        Assert.Null(await Conversations.FindByClientMessageIdAsync("c1", "other", None));
    }

    [SkippableFact]
    public async Task Texts_read_back_exactly_as_written_with_empty_names_apart_from_missing_ones()
    {
        await CreateAsync("c1");
        // Chinese, an emoji outside the Basic Multilingual Plane (a surrogate pair), a combining accent and a NUL-free
        // control character: the embedded store hands strings to SQLite as UTF-16 and reads them back as UTF-8.
        var text = "《红楼梦》第三版在哪一层？📚 Café\u0301 \t tab";
        var named = await Conversations.AppendAsync(Message("c1", text, "client-a", MessageKind.Librarian) with { AuthorId = "s_1", AuthorName = "" }, None);
        var unnamed = await Conversations.AppendAsync(Message("c1", "second", "client-b") with { AuthorName = null }, None);
        var stored = await Conversations.ListMessagesAsync("c1", 1, includeNotes: true, None);
        Assert.Equal([named.Message, unnamed.Message], stored);
        Assert.Equal(text, stored[0].Text);
        Assert.Equal("", stored[0].AuthorName);
        Assert.Null(stored[1].AuthorName);
        Assert.Equal("s_1", stored[0].AuthorId);
    }

    [SkippableFact]
    public async Task Concurrent_retries_of_one_client_message_id_store_it_once_without_a_gap()
    {
        await CreateAsync("c1");
        var store = Conversations;
        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => store.AppendAsync(Message("c1", "retry", "same"), None))));
        Assert.Single(results, r => !r.Duplicate);
        Assert.All(results, r => Assert.Equal(2, r.Message.Seq));
        var next = await store.AppendAsync(Message("c1", "next", "other"), None);
        Assert.Equal(3, next.Message.Seq);
        Assert.Equal([1L, 2L, 3L], (await store.ListMessagesAsync("c1", 0, true, None)).Select(m => m.Seq));
    }

    [SkippableFact]
    public async Task Sequence_numbers_are_per_conversation_and_notes_can_be_left_out()
    {
        await CreateAsync("c1");
        await CreateAsync("c2", visitorId: "v_2");
        await Conversations.AppendAsync(Message("c1", "internal", kind: MessageKind.Note), None);
        await Conversations.AppendAsync(Message("c1", "visible", kind: MessageKind.Librarian), None);
        var c2 = await Conversations.AppendAsync(Message("c2", "hi", kind: MessageKind.Librarian), None);
        Assert.Equal(2, c2.Message.Seq);
        Assert.Equal([1L, 3L], (await Conversations.ListMessagesAsync("c1", 0, includeNotes: false, None)).Select(m => m.Seq));
        Assert.Equal([2L, 3L], (await Conversations.ListMessagesAsync("c1", 1, includeNotes: true, None)).Select(m => m.Seq));
        Assert.Empty(await Conversations.ListMessagesAsync("c1", 3, includeNotes: true, None));
    }

    [SkippableFact]
    public async Task Appending_to_a_missing_conversation_fails_and_writes_nothing()
    {
        await Assert.ThrowsAsync<InvalidOperationException>(() => Conversations.AppendAsync(Message("c_missing", "x", "client"), None));
        Assert.Null(await Conversations.FindByClientMessageIdAsync("c_missing", "client", None));
    }

    [SkippableFact]
    public async Task Replacing_a_conversation_never_moves_its_sequence_backwards_and_clears_removed_fields()
    {
        var c = await CreateAsync("c1");
        await Conversations.ReplaceAsync(c with { State = ConversationState.Active, AssignedToId = "s_1", AssignedToName = "Li" }, None);
        await Conversations.AppendAsync(Message("c1", "hi", kind: MessageKind.Librarian), None);
        // A requeue: the assignment goes away, and the document in hand still says LastSeq = 0.
        await Conversations.ReplaceAsync(c with { State = ConversationState.Waiting, FrontOfQueue = true, LastSeq = 0 }, None);
        var stored = await Conversations.FindAsync("c1", None);
        Assert.Equal(Json(c with { State = ConversationState.Waiting, FrontOfQueue = true, LastSeq = 2 }), Json(stored));
        Assert.Null(stored!.AssignedToId);
    }

    [SkippableFact]
    public async Task A_routing_step_stores_the_new_document_and_its_notice_together()
    {
        var c = await CreateAsync("c1");
        await Conversations.AppendAsync(Message("c1", "are you there?", "client-1"), None);
        var accepted = c with { State = ConversationState.Active, AssignedToId = "s_1", AssignedToName = "Li", LastSeq = 0 };
        var joined = await Conversations.ReplaceAndAppendAsync(accepted, Message("c1", "Li joined", kind: MessageKind.System), None);

        Assert.Equal(3, joined.Seq);
        Assert.Equal(Json(accepted with { LastSeq = 3 }), Json(await Conversations.FindAsync("c1", None)));
        Assert.Equal(["q", "are you there?", "Li joined"], (await Conversations.ListMessagesAsync("c1", 0, includeNotes: true, None)).Select(m => m.Text));

        // Neither half without the other: a missing conversation gets no message either.
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            Conversations.ReplaceAndAppendAsync(Conversation("c_missing"), Message("c_missing", "ended", kind: MessageKind.System), None));
        Assert.Empty(await Conversations.ListMessagesAsync("c_missing", 0, includeNotes: true, None));
    }

    [SkippableFact]
    public async Task A_first_reply_is_stored_with_its_changed_document_and_a_retry_of_it_changes_neither()
    {
        var c = await CreateAsync("c1");
        var active = c with { State = ConversationState.Active, AssignedToId = "s_1", AssignedToName = "Li", AcceptedAt = T0.AddSeconds(10) };
        await Conversations.ReplaceAsync(active, None);
        var replied = active with { FirstResponseAt = T0.AddSeconds(30), LastSeq = 0 };
        var first = await Conversations.AppendAndReplaceAsync(Message("c1", "您好", "reply-1", MessageKind.Librarian, T0.AddSeconds(30)), replied, None);

        Assert.False(first.Duplicate);
        Assert.Equal(2, first.Message.Seq);
        Assert.Equal(Json(replied with { LastSeq = 2 }), Json(await Conversations.FindAsync("c1", None)));

        // The same reply again, later: the reply stored first is the answer, and the document keeps its first time.
        var again = await Conversations.AppendAndReplaceAsync(Message("c1", "您好", "reply-1", MessageKind.Librarian, T0.AddSeconds(50)),
            replied with { FirstResponseAt = T0.AddSeconds(50) }, None);
        Assert.True(again.Duplicate);
        Assert.Equal(first.Message, again.Message);
        Assert.Equal(Json(replied with { LastSeq = 2 }), Json(await Conversations.FindAsync("c1", None)));
        Assert.Equal(2, (await Conversations.ListMessagesAsync("c1", 0, includeNotes: true, None)).Count);

        // Neither half without the other: a missing conversation gets no message either.
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            Conversations.AppendAndReplaceAsync(Message("c_missing", "hi", "reply-2", MessageKind.Librarian), Conversation("c_missing"), None));
        Assert.Empty(await Conversations.ListMessagesAsync("c_missing", 0, includeNotes: true, None));
        Assert.Null(await Conversations.FindAsync("c_missing", None));
    }

    [SkippableFact]
    public async Task Replacing_a_missing_conversation_fails()
    {
        await Assert.ThrowsAsync<InvalidOperationException>(() => Conversations.ReplaceAsync(Conversation("c_missing"), None));
        Assert.Null(await Conversations.FindAsync("c_missing", None));
    }

    [SkippableFact]
    public async Task A_start_is_found_by_visitor_and_client_message_id_and_is_stored_only_once()
    {
        var c = await CreateAsync("c1", visitorId: "v_1");
        Assert.Equal("c1", (await Conversations.FindStartedAsync("v_1", c.StartClientMessageId, None))?.Id);
        Assert.Null(await Conversations.FindStartedAsync("v_2", c.StartClientMessageId, None));
        var twin = c with { Id = "c2" };
        await Assert.ThrowsAnyAsync<Exception>(() => Conversations.CreateAsync(twin, Message("c2", "q", twin.StartClientMessageId), None));
        Assert.Null(await Conversations.FindAsync("c2", None));
        Assert.Empty(await Conversations.ListMessagesAsync("c2", 0, true, None));
    }

    [SkippableFact]
    public async Task Open_conversations_list_oldest_first_without_finished_ones()
    {
        var late = await CreateAsync("c_late", visitorId: "v_1", createdAt: T0.AddMinutes(2));
        var early = await CreateAsync("c_early", visitorId: "v_2", createdAt: T0);
        var closed = await CreateAsync("c_closed", visitorId: "v_3", createdAt: T0.AddMinutes(1));
        await Conversations.ReplaceAsync(late with { State = ConversationState.Active }, None);
        await Conversations.ReplaceAsync(closed with { State = ConversationState.Closed }, None);
        Assert.Equal(["c_early", "c_late"], (await Conversations.ListOpenAsync(None)).Select(c => c.Id));
        Assert.Equal(ConversationState.Waiting, early.State);
    }

    [SkippableFact]
    public async Task Search_finds_by_period_queue_and_text_newest_first_with_the_total()
    {
        await CreateAsync("c1", "v_1", "general", T0, "Where can I renew BOOKS?");
        await CreateAsync("c2", "v_2", "law", T0.AddHours(1), "法律数据库怎么用");
        await CreateAsync("c3", "v_3", "general", T0.AddHours(2), "100% sure_thing (a+b) $where .* [x]");
        await CreateAsync("c4", "v_4", "general", T0.AddDays(2), "renew my books");
        await Conversations.AppendAsync(Message("c2", "books too", kind: MessageKind.Librarian), None);

        async Task<(string Ids, int Total)> Search(TranscriptQuery q)
        {
            var (items, total) = await Conversations.SearchAsync(q, None);
            return (string.Join(" ", items.Select(c => c.Id)), total);
        }

        Assert.Equal(("c4 c3 c2 c1", 4), await Search(new TranscriptQuery(null, null, null, null, 0, 10)));
        Assert.Equal(("c3 c2", 4), await Search(new TranscriptQuery(null, null, null, null, 1, 2)));
        Assert.Equal(("c3 c2", 2), await Search(new TranscriptQuery(T0.AddMinutes(1), T0.AddDays(1), null, null, 0, 10)));
        Assert.Equal(("c2", 1), await Search(new TranscriptQuery(null, null, "law", null, 0, 10)));
        // Text: in any message, ignoring ASCII case; LIKE and regex metacharacters are plain text.
        Assert.Equal(("c4 c2 c1", 3), await Search(new TranscriptQuery(null, null, null, "books", 0, 10)));
        Assert.Equal(("c2", 1), await Search(new TranscriptQuery(null, null, null, "数据库", 0, 10)));
        Assert.Equal(("c3", 1), await Search(new TranscriptQuery(null, null, null, "100% sure_thing (a+b) $where .* [x]", 0, 10)));
        Assert.Equal(("", 0), await Search(new TranscriptQuery(null, null, null, "100%%", 0, 10)));
        Assert.Equal(("", 0), await Search(new TranscriptQuery(null, null, null, "sure.thing", 0, 10)));
        Assert.Equal(("c1", 1), await Search(new TranscriptQuery(null, T0.AddDays(1), "general", "BOOKS", 0, 10)));
    }

    [SkippableFact]
    public async Task Redacting_replaces_texts_of_a_finished_chat_only()
    {
        var c = await CreateAsync("c1", text: "my card is 2100012345");
        var second = (await Conversations.AppendAsync(Message("c1", "thanks Li"), None)).Message;
        var first = (await Conversations.ListMessagesAsync("c1", 0, true, None))[0];

        await Assert.ThrowsAsync<InvalidOperationException>(() => Conversations.RedactAsync(c with { AnonymisedAt = T0 }, [first with { Text = "" }], None));
        Assert.Equal("my card is 2100012345", (await Conversations.ListMessagesAsync("c1", 0, true, None))[0].Text);

        var closed = c with { State = ConversationState.Closed, ClosedAt = T0.AddMinutes(5) };
        await Conversations.ReplaceAsync(closed, None);
        await Conversations.RedactAsync(closed with { AnonymisedAt = T0.AddDays(1), Patron = PatronDetails.Empty }, [first with { Text = "[removed]" }], None);
        var messages = await Conversations.ListMessagesAsync("c1", 0, true, None);
        Assert.Equal(["[removed]", "thanks Li"], messages.Select(m => m.Text));
        Assert.Equal(second, messages[1]);
        var stored = await Conversations.FindAsync("c1", None);
        Assert.Equal((T0.AddDays(1), 2L), (stored!.AnonymisedAt, stored.LastSeq));
        Assert.Empty((await Conversations.SearchAsync(new TranscriptQuery(null, null, null, "2100012345", 0, 10), None)).Items);
    }

    [SkippableFact]
    public async Task Retention_lists_finished_chats_oldest_first_until_processed()
    {
        var old = await CreateAsync("c_old", "v_1", "general", T0);
        var older = await CreateAsync("c_older", "v_2", "law", T0.AddDays(-1));
        var open = await CreateAsync("c_open", "v_3", "general", T0.AddDays(-2));
        var recent = await CreateAsync("c_recent", "v_4", "general", T0.AddDays(10));
        foreach (var c in new[] { old, older, recent })
            await Conversations.ReplaceAsync(c with { State = c.Id == "c_older" ? ConversationState.Abandoned : ConversationState.Closed }, None);

        var before = T0.AddDays(5);
        Assert.Equal(["c_older", "c_old"], (await Conversations.ListUnanonymisedBeforeAsync(before, 10, None)).Select(c => c.Id));
        Assert.Equal(["c_older"], (await Conversations.ListUnanonymisedBeforeAsync(before, 1, None)).Select(c => c.Id));
        await Conversations.ReplaceAsync(older with { State = ConversationState.Abandoned, AnonymisedAt = T0 }, None);
        Assert.Equal(["c_old"], (await Conversations.ListUnanonymisedBeforeAsync(before, 10, None)).Select(c => c.Id));

        Assert.Equal(["c_old", "c_recent"], (await Conversations.ListTextKeptAsync(["general"], 10, None)).Select(c => c.Id));
        Assert.Equal(["c_older", "c_old", "c_recent"], (await Conversations.ListTextKeptAsync(["general", "law"], 10, None)).Select(c => c.Id));
        Assert.Empty(await Conversations.ListTextKeptAsync([], 10, None));
        await Conversations.ReplaceAsync(old with { State = ConversationState.Closed, TextDiscardedAt = T0 }, None);
        Assert.Equal(["c_recent"], (await Conversations.ListTextKeptAsync(["general"], 10, None)).Select(c => c.Id));
        Assert.Equal(ConversationState.Waiting, open.State);
    }

    [SkippableFact]
    public async Task A_visitors_conversations_list_newest_first()
    {
        await CreateAsync("c1", "v_1", createdAt: T0);
        await CreateAsync("c2", "v_2", createdAt: T0.AddMinutes(1));
        var c3 = Conversation("c3", "v_1", createdAt: T0.AddMinutes(2)) with { StartClientMessageId = "second-start" };
        await Conversations.CreateAsync(c3, Message("c3", "again", "second-start"), None);
        Assert.Equal(["c3", "c1"], (await Conversations.ListForVisitorAsync("v_1", None)).Select(c => c.Id));
        Assert.Empty(await Conversations.ListForVisitorAsync("v_none", None));
    }
}
