using AskLibrary.Chat.Contracts;
using AskLibrary.Knowledge.Articles;

namespace AskLibrary.Chat.Classification;

/// <summary>
/// Suggested topic tags for a chat: the categories of the knowledge-base articles the console suggested for the
/// patron's messages (the same staff search, top <see cref="ArticlesPerMessage"/> per message), the category
/// matched by the most messages first. Computed when asked, from the stored transcript, so nothing extra is kept.
/// </summary>
public sealed class TagSuggestions(IConversationStore conversations, KnowledgeService knowledge)
{
    public const int ArticlesPerMessage = 3;
    public const int MaxMessages = 20;
    public const int MaxSuggestions = 5;

    public async Task<IReadOnlyList<string>> SuggestAsync(Conversation c, CancellationToken ct)
    {
        if (c.TextDiscardedAt is not null)
            return [];
        var messages = await conversations.ListMessagesAsync(c.Id, 0, includeNotes: false, ct);
        var votes = new Dictionary<string, (int Messages, int FirstSeen)>(StringComparer.Ordinal);
        foreach (var text in messages.Where(m => m.Kind == MessageKind.Patron).Select(m => m.Text).Take(MaxMessages))
        {
            var categories = knowledge.Suggest(text, KbAudienceView.Staff, ArticlesPerMessage)
                .Select(s => TopicTags.Normalize(s.Category)).OfType<string>().Distinct(StringComparer.Ordinal);
            foreach (var category in categories)
                votes[category] = votes.TryGetValue(category, out var v) ? (v.Messages + 1, v.FirstSeen) : (1, votes.Count);
        }
        return votes.Where(v => !c.Tags.Contains(v.Key, StringComparer.Ordinal))
            .OrderByDescending(v => v.Value.Messages).ThenBy(v => v.Value.FirstSeen)
            .Take(MaxSuggestions).Select(v => v.Key).ToList();
    }
}
