using AskLibrary.Chat;
using AskLibrary.Chat.Contracts;
using AskLibrary.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;

namespace AskLibrary.Tests.Chat;

/// <summary>
/// A queue's view lists only its first waiting chats (AskLibrary:Chat:QueueViewLimit) with their questions cut short,
/// so what every staff tab receives in each publication stays bounded however long the queue grows.
/// </summary>
public sealed class QueueViewLimitTests : ChatTestBase
{
    protected override Dictionary<string, string?> Settings => new() { ["AskLibrary:Chat:QueueViewLimit"] = "2" };

    [Fact]
    public async Task A_long_queue_shows_its_first_chats_and_counts_them_all()
    {
        var librarian = await LibrarianAsync("li");
        var chats = new List<ChatState>();
        for (var i = 0; i < 4; i++)
            chats.Add(await (await PatronAsync()).StartChatAsync($"question {i}"));

        var view = await librarian.Queues.WaitAsync(q => q.Status.WaitingCount == 4);
        Assert.Equal([chats[0].ConversationId, chats[1].ConversationId], view.Waiting.Select(w => w.ConversationId));
        var snapshot = await librarian.Hub.InvokeAsync<StaffSnapshot>("GetSnapshot");
        var general = Assert.Single(snapshot.Queues, q => q.QueueId == "general");
        Assert.Equal(2, general.Waiting.Count);
        Assert.Equal(4, general.Status.WaitingCount);
        Assert.Equal(4, chats[3].Position);

        // The chats behind move up into the view as those in front are taken.
        await librarian.AcceptAsync(chats[0].ConversationId);
        var after = await librarian.Queues.WaitAsync(q => q.Status.WaitingCount == 3);
        Assert.Equal([chats[1].ConversationId, chats[2].ConversationId], after.Waiting.Select(w => w.ConversationId));

        // A chat the view does not list can still be taken by its id.
        var taken = await librarian.AcceptAsync(chats[3].ConversationId);
        Assert.Equal(ConversationState.Active, taken.State);
        await librarian.Queues.WaitAsync(q => q.Status.WaitingCount == 2);
    }

    [Fact]
    public async Task A_long_question_is_cut_in_the_queue_view_and_whole_in_the_chat()
    {
        var librarian = await LibrarianAsync("li");
        var question = string.Concat(Enumerable.Repeat("请问图书馆的古籍阅览室几点开门？", 40)); // 640 characters
        var chat = await (await PatronAsync()).StartChatAsync(question);

        var view = await librarian.Queues.WaitAsync(q => q.Waiting.Any(w => w.ConversationId == chat.ConversationId));
        var listed = Assert.Single(view.Waiting).Question;
        Assert.Equal(ChatService.QueueViewQuestionLength, listed.Length);
        Assert.EndsWith("…", listed, StringComparison.Ordinal);
        Assert.StartsWith(listed[..^1], question, StringComparison.Ordinal);

        await librarian.AcceptAsync(chat.ConversationId);
        var opened = await librarian.Hub.InvokeAsync<StaffResumeResult>("Open", chat.ConversationId, 0L);
        Assert.Equal(question, opened.Messages[0].Text);
    }

    [Theory]
    [InlineData("short", 10, "short")]
    [InlineData("0123456789", 10, "0123456789")]
    [InlineData("0123456789a", 10, "012345678…")]
    [InlineData("01234567😀9", 10, "01234567…")] // the emoji is two UTF-16 units: never cut in half
    public void A_preview_keeps_short_texts_and_never_cuts_a_character_in_half(string text, int max, string expected) =>
        Assert.Equal(expected, ChatService.Preview(text, max));
}
