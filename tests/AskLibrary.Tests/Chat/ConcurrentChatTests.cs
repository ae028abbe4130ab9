using System.Collections.Concurrent;
using AskLibrary.Chat.Contracts;
using AskLibrary.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace AskLibrary.Tests.Chat;

/// <summary>
/// Many chats at once, each taking only its own lock on the message path: numbering stays gap-free per
/// chat, every ack names what the store holds, every client sees its chat's events in order, and no
/// message slips into a chat after it ended.
/// </summary>
public sealed class ConcurrentChatTests : ChatTestBase
{
    private const int Librarians = 4;
    private const int ChatsPerLibrarian = 3;
    private const int MessagesPerSide = 12;

    // All clients share 127.0.0.1; the per-connection limits stay as shipped and this test stays under them.
    protected override Dictionary<string, string?>? Settings => new()
    {
        ["AskLibrary:Limits:HubBurstPerAddress"] = "100000",
        ["AskLibrary:Limits:PatronHubCallsPerAddressPerSecond"] = "100000",
        ["AskLibrary:Limits:StaffHubCallsPerAddressPerSecond"] = "100000",
        ["AskLibrary:Limits:VisitorTokensPerMinute"] = "100000",
    };

    private sealed record Chat(string Id, PatronClient Patron, LibrarianClient Librarian, bool EndsEarly);

    private sealed record Sent(string ClientId, string Text, MessageKind Kind, SendAck? Ack, string? Error);

    [Fact]
    public async Task Patrons_and_librarians_sending_at_once_in_many_chats_get_gapless_ordered_transcripts_and_acks_that_match_the_store()
    {
        var chats = await StartChatsAsync();

        // Everyone at once: each side sends its messages back to back without waiting for the other side,
        // librarians add notes as well, and every client retries one of its messages (same client id).
        // Every third chat is ended by its librarian while its patron is still sending.
        var sent = new ConcurrentDictionary<string, ConcurrentQueue<Sent>>();
        await Task.WhenAll(chats.SelectMany(chat => new[]
        {
            SideAsync(chat, sent.GetOrAdd(chat.Id, _ => new()), MessageKind.Patron,
                (id, text) => chat.Patron.Hub.InvokeAsync<SendAck>("SendMessage", chat.Id, id, text)),
            SideAsync(chat, sent[chat.Id], MessageKind.Librarian,
                (id, text) => chat.Librarian.Hub.InvokeAsync<SendAck>(text.StartsWith("note", StringComparison.Ordinal) ? "AddNote" : "SendMessage", chat.Id, id, text)),
        }));

        foreach (var chat in chats)
        {
            if (!chat.EndsEarly)
                await chat.Patron.Hub.InvokeAsync<ChatState>("EndChat", chat.Id);
            var transcript = (await chat.Librarian.Hub.InvokeAsync<StaffResumeResult>("Open", chat.Id, 0L)).Messages;
            AssertTranscriptMatchesAcks(chat, transcript, [.. sent[chat.Id]]);
            await AssertEachClientSawItsEventsInOrderAsync(chat, transcript);
        }
    }

    private async Task<List<Chat>> StartChatsAsync()
    {
        var chats = new List<Chat>();
        for (var l = 0; l < Librarians; l++)
        {
            var librarian = await LibrarianAsync($"li{l}", capacity: ChatsPerLibrarian);
            for (var c = 0; c < ChatsPerLibrarian; c++)
            {
                var patron = await PatronAsync();
                var started = await patron.StartChatAsync($"Question {l}.{c}");
                await librarian.AcceptAsync(started.ConversationId);
                await patron.Messages.WaitAsync(m => m.Event == "joined");
                chats.Add(new Chat(started.ConversationId, patron, librarian, EndsEarly: chats.Count % 3 == 2));
            }
        }
        return chats;
    }

    private static async Task SideAsync(Chat chat, ConcurrentQueue<Sent> sent, MessageKind kind, Func<string, string, Task<SendAck>> send)
    {
        var calls = new List<Task>();
        string? retried = null;
        for (var i = 0; i < MessagesPerSide; i++)
        {
            var clientId = PatronClient.NewClientId();
            var text = kind == MessageKind.Librarian && i % 4 == 3 ? $"note {i} in {chat.Id}" : $"{kind} {i} in {chat.Id}";
            calls.Add(RecordAsync(sent, clientId, text, kind, send));
            if (i == MessagesPerSide / 2)
            {
                retried = clientId;
                calls.Add(RecordAsync(sent, clientId, text, kind, send)); // a retry right behind the original
                if (chat.EndsEarly && kind == MessageKind.Librarian)
                    calls.Add(chat.Librarian.Hub.InvokeAsync<ChatSummary>("EndChat", chat.Id));
            }
        }
        await Task.WhenAll(calls);
        Assert.NotNull(retried);
    }

    private static async Task RecordAsync(ConcurrentQueue<Sent> sent, string clientId, string text, MessageKind kind, Func<string, string, Task<SendAck>> send)
    {
        var noteKind = text.StartsWith("note", StringComparison.Ordinal) ? MessageKind.Note : kind;
        try
        {
            sent.Enqueue(new Sent(clientId, text, noteKind, await send(clientId, text), null));
        }
        catch (HubException ex)
        {
            sent.Enqueue(new Sent(clientId, text, noteKind, null, Errors.CodeOf(ex)));
        }
    }

    private static void AssertTranscriptMatchesAcks(Chat chat, IReadOnlyList<ChatMessage> transcript, IReadOnlyList<Sent> sent)
    {
        // Gap-free 1..n, and the chat's end is its last message: nothing was appended after it.
        Assert.Equal(Enumerable.Range(1, transcript.Count).Select(i => (long)i), transcript.Select(m => m.Seq));
        Assert.Equal("ended", transcript[^1].Event);

        var byClientId = transcript.Where(m => m.ClientMessageId is not null).ToLookup(m => m.ClientMessageId!);
        foreach (var message in sent)
        {
            var stored = byClientId[message.ClientId].ToList();
            if (message.Ack is { } ack)
            {
                var single = Assert.Single(stored);
                Assert.Equal(ack.Seq, single.Seq);
                Assert.Equal(message.Text, single.Text);
                Assert.Equal(message.Kind, single.Kind);
            }
            else
            {
                // Refused only because the chat had ended, and then it is stored at most as the twin of an acked retry.
                Assert.True(chat.EndsEarly, $"{message.ClientId} in {chat.Id} failed: {message.Error}");
                Assert.Equal("invalid_state", message.Error);
                Assert.True(stored.Count == 0 || sent.Any(s => s.ClientId == message.ClientId && s.Ack is not null));
            }
        }
        // Exactly one of an original and its retry wrote; the other was told it was a duplicate of the same message.
        foreach (var twins in sent.Where(s => s.Ack is not null).GroupBy(s => s.ClientId).Where(g => g.Count() == 2))
        {
            Assert.Single(twins, t => t.Ack!.Duplicate);
            Assert.Single(twins.Select(t => t.Ack!.Seq).Distinct());
        }
        if (!chat.EndsEarly)
            Assert.All(sent, s => Assert.NotNull(s.Ack));

        // Each side's messages are stored in the order that side sent them (one connection's calls run in order).
        foreach (var side in new[] { MessageKind.Patron, MessageKind.Librarian })
        {
            var order = transcript
                .Where(m => m.Text.StartsWith($"{side} ", StringComparison.Ordinal) || (side == MessageKind.Librarian && m.Text.StartsWith("note ", StringComparison.Ordinal)))
                .Select(m => int.Parse(m.Text.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture)).ToList();
            Assert.Equal(order.Order(), order);
        }
    }

    private async Task AssertEachClientSawItsEventsInOrderAsync(Chat chat, IReadOnlyList<ChatMessage> transcript)
    {
        // The patron saw every message but notes, from the first, once each and in order.
        var patronView = transcript.Where(m => m.Kind != MessageKind.Note).ToList();
        await App.WaitUntilAsync(_ => Task.FromResult(chat.Patron.Messages.All.Any(m => m.ConversationId == chat.Id && m.Seq == patronView[^1].Seq)));
        var patronSaw = chat.Patron.Messages.All.Where(m => m.ConversationId == chat.Id).ToList();
        Assert.Equal(patronView.Select(m => m.Seq), patronSaw.Select(m => m.Seq));

        // The librarian joined the chat's live events at Accept: from then on, everything (notes too), in order.
        await App.WaitUntilAsync(_ => Task.FromResult(chat.Librarian.Messages.All.Any(m => m.ConversationId == chat.Id && m.Seq == transcript[^1].Seq)));
        var librarianSaw = chat.Librarian.Messages.All.Where(m => m.ConversationId == chat.Id).Select(m => m.Seq).ToList();
        Assert.NotEmpty(librarianSaw);
        Assert.Equal(Enumerable.Range((int)librarianSaw[0], librarianSaw.Count).Select(i => (long)i), librarianSaw);
        Assert.Equal(transcript[^1].Seq, librarianSaw[^1]);
    }
}
