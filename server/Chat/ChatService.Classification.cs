using AskLibrary.Chat.Classification;
using AskLibrary.Chat.Contracts;

namespace AskLibrary.Chat;

// Topic tags and the READ scale. Under the gate and the conversation's lock like every other change, because an open chat's document
// lives in memory too: a write that bypassed the service would be undone by the chat's next change.
public sealed partial class ChatService
{
    /// <summary>
    /// Sets a chat's tags and READ scale, open or ended. The librarian the chat is (or was last) assigned to may,
    /// and any admin; others get not_assigned. A READ scale needs a chat a librarian accepted (invalid_state).
    /// </summary>
    public Task<Conversation> ClassifyAsync(StaffIdentity caller, string conversationId, ClassificationInput? input) => UnderGateAsync(async () =>
    {
        var id = ChatInput.Id(conversationId, "conversationId");
        if (input is null)
            throw new ChatException(ErrorCodes.InvalidArgument, "A body {tags, readScale} is required.");
        var tags = TopicTags.Validate(input.Tags);
        var readScale = ReadScale.Validate(input.ReadScale);
        return await InConversationAsync(id, async () =>
        {
            var c = await LoadAsync(id);
            if (!CanClassify(caller, c))
                throw new ChatException(ErrorCodes.NotAssigned, "Only the librarian who handled this chat, or an admin, can tag it.");
            if (readScale is not null && c.AcceptedAt is null)
                throw new ChatException(ErrorCodes.InvalidState, "The READ scale rates a librarian's effort; no librarian answered this chat.");
            return await SaveAsync(c with { Tags = tags, ReadScale = readScale });
        });
    });

    public static bool CanClassify(StaffIdentity caller, Conversation c) => caller.IsAdmin || c.AssignedToId == caller.Id;
}
