using AskLibrary.Chat.Contracts;

namespace AskLibrary.Chat.Classification;

/// <summary>
/// The READ scale (Reference Effort Assessment Data, Bella Karr Gerlich and G. Lynn Berard): six levels of the
/// effort, knowledge and time a reference question took, which libraries count in their reference statistics.
/// The wording below is ours; docs/console.md repeats it for librarians.
/// </summary>
public static class ReadScale
{
    public const int Lowest = 1;
    public const int Highest = 6;

    /// <summary>What each level means, lowest first (index 0 is level 1).</summary>
    public static readonly IReadOnlyList<string> Definitions =
    [
        "Answered at once with no special knowledge: opening hours, directions, where the printers are.",
        "A little effort with one basic source: a known item in the catalogue, a simple how-to, a policy from the website.",
        "Some reference knowledge and a few sources: searching a database with the patron, finding a citation, explaining a service in detail.",
        "Considerable time and several sources: a search strategy worked out together, subject knowledge, teaching how to use specialised tools.",
        "In-depth research: substantial time, subject expertise, consulting colleagues or specialised collections, often more than one exchange.",
        "The most effort: extended research or a project over several sessions or days, expert knowledge, working with outside specialists or sources.",
    ];

    /// <summary>Null clears the rating; anything outside 1–6 is invalid_argument.</summary>
    public static int? Validate(int? level) => level switch
    {
        null => null,
        >= Lowest and <= Highest => level,
        _ => throw new ChatException(ErrorCodes.InvalidArgument, $"readScale must be a READ scale level from {Lowest} to {Highest}, or null."),
    };
}
