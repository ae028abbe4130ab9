using AskLibrary.Chat;

namespace AskLibrary.Tests.Chat;

/// <summary>Conversation ids sort by the time the chat started, so the busy (recent) ones sit together in every index keyed by them.</summary>
public sealed class IdsTests
{
    [Fact]
    public void Ids_made_later_sort_later_and_two_made_at_the_same_moment_differ()
    {
        var random = new Random(20261203);
        var start = new DateTimeOffset(2026, 12, 3, 7, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < 2000; i++)
        {
            var earlier = start.AddMilliseconds(random.NextInt64(0, 50L * 365 * 24 * 3600 * 1000));
            var later = earlier.AddMilliseconds(random.NextInt64(1, i % 2 == 0 ? 1000 : 10L * 365 * 24 * 3600 * 1000));
            var (a, b) = (Ids.Ordered("c", earlier), Ids.Ordered("c", later));
            Assert.True(string.CompareOrdinal(a, b) < 0, $"{a} ({earlier:O}) should sort before {b} ({later:O})");
        }

        var same = Enumerable.Range(0, 100).Select(_ => Ids.Ordered("c", start)).ToList();
        Assert.Equal(100, same.Distinct().Count());
        Assert.All(same, id =>
        {
            Assert.Equal(id, ChatInput.Id(id, "conversationId")); // still a valid id everywhere one is accepted
            Assert.StartsWith("c_", id, StringComparison.Ordinal);
            Assert.Equal(2 + 9 + 16, id.Length);
        });
    }
}
