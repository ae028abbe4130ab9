using AskLibrary.Chat;
using AskLibrary.Chat.Contracts;

namespace AskLibrary.Tests.Chat;

/// <summary>The in-memory open chats answer "which chats has this visitor open" from their own index, so it must follow every change.</summary>
public sealed class OpenChatsTests
{
    private static Conversation Chat(string id, string visitorId) => new()
    {
        Id = id, QueueId = "general", VisitorId = visitorId, Question = "Opening hours?", StartClientMessageId = "m-" + id,
    };

    [Fact]
    public void A_visitors_open_chats_follow_starts_changes_and_ends()
    {
        var open = new OpenChats();
        open.Set(Chat("c1", "v_a"));
        open.Set(Chat("c2", "v_b"));
        open.Set(Chat("c3", "v_a"));
        Assert.Equal(["c1", "c3"], open.OfVisitor("v_a").Select(c => c.Id));
        Assert.Empty(open.OfVisitor("v_nobody"));

        open.Set(Chat("c1", "v_a") with { State = ConversationState.Active }); // a new document, same chat
        Assert.Equal([ConversationState.Active, ConversationState.Waiting], open.OfVisitor("v_a").Select(c => c.State));

        open.Update("c3", 7L, static (c, seq) => c with { LastSeq = seq });
        Assert.Equal(7, open.Find("c3")!.LastSeq);

        open.Set(Chat("c1", "v_b")); // the chat now belongs to another visitor (a merge)
        Assert.Equal(["c3"], open.OfVisitor("v_a").Select(c => c.Id));
        Assert.Equal(["c2", "c1"], open.OfVisitor("v_b").Select(c => c.Id));

        open.Remove("c3");
        open.Update("c3", 9L, static (c, seq) => c with { LastSeq = seq }); // an ended chat is not brought back
        Assert.Empty(open.OfVisitor("v_a"));
        Assert.Null(open.Find("c3"));
        Assert.Equal(2, open.Count);

        open.Clear();
        Assert.Empty(open.OfVisitor("v_b"));
        Assert.Empty(open.All());
    }

    [Fact]
    public void Starts_and_ends_of_many_visitors_at_once_leave_the_index_matching_the_chats()
    {
        var open = new OpenChats();
        Parallel.For(0, 4000, i =>
        {
            var id = $"c{i}";
            open.Set(Chat(id, $"v_{i % 97}"));
            open.Update(id, (long)i, static (c, seq) => c with { LastSeq = seq });
            if (i % 3 == 0)
                open.Remove(id);
        });
        for (var v = 0; v < 97; v++)
        {
            var expected = Enumerable.Range(0, 4000).Where(i => i % 97 == v && i % 3 != 0).Select(i => $"c{i}").Order(StringComparer.Ordinal);
            var mine = open.OfVisitor($"v_{v}");
            Assert.Equal(expected, mine.Select(c => c.Id).Order(StringComparer.Ordinal));
            Assert.All(mine, c => Assert.Equal($"c{c.LastSeq}", c.Id));
        }
    }
}
