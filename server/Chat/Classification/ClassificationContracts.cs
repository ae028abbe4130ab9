namespace AskLibrary.Chat.Classification;

/// <summary>
/// A chat's topic tags and READ scale as the console shows them (GET/PUT /api/staff/conversations/{id}/classification).
/// <see cref="SuggestedTags"/> are the categories of the knowledge-base articles that matched the patron's messages,
/// most often matched first, without the tags already set. <see cref="Editable"/>: the caller may change them;
/// <see cref="Answered"/>: a librarian accepted the chat, so it can have a READ scale.
/// </summary>
public sealed record ChatClassification(
    string ConversationId,
    IReadOnlyList<string> Tags,
    int? ReadScale,
    IReadOnlyList<string> SuggestedTags,
    bool Editable,
    bool Answered);

/// <summary>The new tags (the whole set; may be empty) and READ scale (null: not rated).</summary>
public sealed record ClassificationInput(IReadOnlyList<string?>? Tags, int? ReadScale);
