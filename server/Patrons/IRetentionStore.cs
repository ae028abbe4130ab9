using AskLibrary.Chat;
using AskLibrary.Knowledge.Articles;
using AskLibrary.Tickets;

namespace AskLibrary.Patrons;

/// <summary>
/// What retention reads beside the conversations: the other records that hold patrons' words and addresses.
/// Each list returns only what has not been anonymised yet, oldest first, so a pass resumes where the last stopped.
/// </summary>
public interface IRetentionStore
{
    /// <summary>Tickets created before <paramref name="before"/> that are answered or closed and have no answer waiting for the outbox.</summary>
    Task<IReadOnlyList<Ticket>> ListTicketsToAnonymiseAsync(DateTimeOffset before, int take, CancellationToken ct);

    /// <summary>Transcript requests made before <paramref name="before"/>, sent or not.</summary>
    Task<IReadOnlyList<TranscriptRequestRecord>> ListTranscriptRequestsToAnonymiseAsync(DateTimeOffset before, int take, CancellationToken ct);

    /// <summary>Questions recorded for the knowledge-gap view before <paramref name="before"/>.</summary>
    Task<IReadOnlyList<KbQuestion>> ListQuestionsToAnonymiseAsync(DateTimeOffset before, int take, CancellationToken ct);

    Task ReplaceQuestionAsync(KbQuestion question, CancellationToken ct);

    /// <summary>Drops the typed search text from knowledge-base events before <paramref name="before"/> (the counts stay). Returns how many.</summary>
    Task<int> ForgetEventQueriesAsync(DateTimeOffset before, CancellationToken ct);
}
