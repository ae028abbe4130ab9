using System.ComponentModel.DataAnnotations;
using AskLibrary.Chat;
using AskLibrary.Chat.Contracts;
using AskLibrary.Chat.Routing;
using AskLibrary.Knowledge.Articles;
using Microsoft.Extensions.Options;

namespace AskLibrary.Patrons;

public sealed class PrivacyOptions
{
    /// <summary>Finished chats older than this many days are anonymised; 0 keeps them as they are.</summary>
    [Range(0, 36500)]
    public int RetentionDays { get; set; } = 365;
}

/// <summary>A patron's data as exported on request: the profile the service keeps and every conversation with its transcript.</summary>
public sealed record PatronExport(string VisitorId, PatronDetails? Profile, DateTimeOffset ExportedAt, IReadOnlyList<PatronExportedChat> Conversations,
    IReadOnlyList<PatronExportedKbEvent> KnowledgeBase)
{
    /// <summary>Every visitor id (device) of the patron, merged or identified by the same card or email (docs/crm.md#identified-patrons).</summary>
    public IReadOnlyList<Visitor> Visitors { get; init; } = [];

    /// <summary>The library system's records of the patron, as imported.</summary>
    public IReadOnlyList<PatronRecord> Records { get; init; } = [];

    public IReadOnlyList<PatronMerge> Merges { get; init; } = [];

    /// <summary>The patron's tickets (offline questions, follow-ups of their chats) with the answers written to them, without internal notes.</summary>
    public IReadOnlyList<PatronExportedTicket> Tickets { get; init; } = [];
}

/// <summary>A ticket as the patron's copy: their question and address, and every answer with how its email went.</summary>
public sealed record PatronExportedTicket(string TicketId, string QueueId, string Source, string Status, DateTimeOffset CreatedAt, DateTimeOffset? ClosedAt,
    string Question, string Email, string? Name, string? ConversationId, IReadOnlyList<PatronExportedAnswer> Answers);

/// <summary>An answer to the patron's ticket; delivery is sent, pending, failed or disabled (stored only, email off).</summary>
public sealed record PatronExportedAnswer(string AuthorName, string Text, DateTimeOffset At, string Delivery, DateTimeOffset? SentAt);

/// <summary>What an erasure anonymised.</summary>
public sealed record PatronErasure(int Chats, int Tickets);

/// <summary>What the patron did with a knowledge-base article: opened, helpful or not_helpful, with what they had typed.</summary>
public sealed record PatronExportedKbEvent(string ArticleId, string Kind, string? Query, DateTimeOffset At);

public sealed record PatronExportedChat(string ConversationId, string QueueId, ConversationState State, DateTimeOffset CreatedAt, DateTimeOffset? ClosedAt,
    string Question, PatronDetails Patron, ChatRating? Rating, IReadOnlyList<ChatMessage> Messages, string? PatronAddress = null);

/// <summary>What one retention pass anonymised, record by record.</summary>
public sealed record RetentionResult(int Chats, int Tickets, int TranscriptRequests, int KnowledgeQuestions, int SearchTexts)
{
    public int Total => Chats + Tickets + TranscriptRequests + KnowledgeQuestions + SearchTexts;
}

/// <summary>
/// The privacy rules on stored chats. Anonymising scrubs e-mail addresses, phone, card and ID numbers and the
/// patron's names from every text, and drops the patron's details and network address, while times, queue,
/// librarian, rating score and message counts stay for the statistics. Retention does the same to tickets (question,
/// notes, answers, address), transcript requests (the address), the questions kept for the knowledge-gap view and
/// the search texts of knowledge-base events. Queues that do not record transcripts lose their message texts once a
/// chat is finished. A patron may ask for an export of their data, or for its erasure.
/// </summary>
public sealed class PatronPrivacy(
    IConversationStore conversations,
    IVisitorStore visitors,
    PatronIdentity patrons,
    IPatronDirectory directory,
    IPatronActivityStore activity,
    IRetentionStore retention,
    Tickets.ITicketStore tickets,
    ITranscriptRequestStore transcriptRequests,
    IOptions<PrivacyOptions> options,
    IOptions<List<QueueOptions>> queues,
    TimeProvider time)
{
    private const int Batch = 200;
    private const int MaxExportedKbEvents = 100_000;
    public const string DiscardedText = "";

    /// <summary>Anonymises finished chats, tickets, transcript requests, gap questions and search texts older than the retention period.</summary>
    public async Task<RetentionResult> ApplyRetentionAsync(CancellationToken ct)
    {
        if (options.Value.RetentionDays == 0)
            return new RetentionResult(0, 0, 0, 0, 0);
        var cutoff = time.GetUtcNow() - TimeSpan.FromDays(options.Value.RetentionDays);
        // Knowledge-base events past retention keep their statistics but no longer point at a patron.
        await activity.ForgetKbEventsBeforeAsync(cutoff, ct);
        // Questions first: while their chat is not anonymised yet, its patron's name is still known and can be scrubbed too.
        var questions = await InBatchesAsync(take => retention.ListQuestionsToAnonymiseAsync(cutoff, take, ct), q => AnonymiseAsync(q, ct));
        var chats = await InBatchesAsync(take => conversations.ListUnanonymisedBeforeAsync(cutoff, take, ct), c => AnonymiseAsync(c, ct));
        var ticketCount = await InBatchesAsync(take => retention.ListTicketsToAnonymiseAsync(cutoff, take, ct), t => AnonymiseAsync(t, ct));
        var requests = await InBatchesAsync(take => retention.ListTranscriptRequestsToAnonymiseAsync(cutoff, take, ct), r => AnonymiseAsync(r, ct));
        var searches = await retention.ForgetEventQueriesAsync(cutoff, ct);
        return new RetentionResult(chats, ticketCount, requests, questions, searches);
    }

    private static async Task<int> InBatchesAsync<T>(Func<int, Task<IReadOnlyList<T>>> list, Func<T, Task> anonymise)
    {
        var done = 0;
        IReadOnlyList<T> due;
        do
        {
            due = await list(Batch);
            foreach (var item in due)
                await anonymise(item);
            done += due.Count;
        }
        while (due.Count == Batch);
        return done;
    }

    /// <summary>Discards the texts of finished chats in queues configured with RecordTranscripts = false.</summary>
    public async Task<int> DiscardUnrecordedAsync(CancellationToken ct)
    {
        var unrecorded = queues.Value.Where(q => !q.RecordTranscripts).Select(q => q.Id).ToList();
        var done = 0;
        IReadOnlyList<Conversation> due;
        do
        {
            due = await conversations.ListTextKeptAsync(unrecorded, Batch, ct);
            foreach (var c in due)
            {
                var messages = await conversations.ListMessagesAsync(c.Id, 0, includeNotes: true, ct);
                var now = time.GetUtcNow();
                await conversations.RedactAsync(
                    c with { Question = DiscardedText, Patron = PatronDetails.Empty, PatronAddress = null, Rating = c.Rating is { } r ? r with { Comment = null } : null, AnonymisedAt = c.AnonymisedAt ?? now, TextDiscardedAt = now },
                    messages.Where(m => m.Kind != MessageKind.System).Select(m => m with { Text = DiscardedText }).ToList(), ct);
            }
            done += due.Count;
        }
        while (due.Count == Batch);
        return done;
    }

    /// <summary>Imported records whose card expired more than the retention period ago are deleted.</summary>
    public Task<int> DeleteExpiredRecordsAsync(CancellationToken ct) =>
        options.Value.RetentionDays == 0
            ? Task.FromResult(0)
            : directory.DeleteRecordsExpiredBeforeAsync(DateOnly.FromDateTime((time.GetUtcNow() - TimeSpan.FromDays(options.Value.RetentionDays)).UtcDateTime), ct);

    /// <summary>Everything about the patron this visitor belongs to: every device, merged profile and imported record.</summary>
    public async Task<PatronExport> ExportAsync(string visitorId, CancellationToken ct)
    {
        var id = ChatInput.Id(visitorId, "visitorId");
        var identity = await patrons.ResolveAsync(id, ct);
        var profile = await visitors.FindAsync(id, ct);
        var devices = new List<Visitor>();
        foreach (var member in identity.VisitorIds)
            if (await visitors.FindAsync(member, ct) is { } device)
                devices.Add(device);
        var chats = new List<PatronExportedChat>();
        foreach (var c in await patrons.ConversationsAsync(identity, ct))
        {
            // The patron's copy: what was said to them, without the librarians' internal notes.
            var messages = await conversations.ListMessagesAsync(c.Id, 0, includeNotes: false, ct);
            chats.Add(new PatronExportedChat(c.Id, c.QueueId, c.State, c.CreatedAt, c.ClosedAt, c.Question, c.Patron, c.Rating,
                messages.Select(m => m.ToContract()).ToList(), c.PatronAddress));
        }
        var kbEvents = (await KbEventsAsync(identity.VisitorIds.Contains(id) ? identity.VisitorIds : [id, .. identity.VisitorIds], ct))
            .Select(e => new PatronExportedKbEvent(e.ArticleId, e.Kind == KbEventKind.NotHelpful ? "not_helpful" : e.Kind.ToString().ToLowerInvariant(), e.Query, e.At))
            .ToList();
        // The patron's copy of a ticket leaves out the internal notes, as a transcript leaves out the chat's.
        var ticketCopies = (await TicketsAsync(identity.VisitorIds.Contains(id) ? identity.VisitorIds : [id, .. identity.VisitorIds], chats.Select(c => c.ConversationId).ToList(), ct))
            .Select(t => new PatronExportedTicket(t.Id, t.QueueId, Lower(t.Source), Lower(t.Status), t.CreatedAt, t.ClosedAt, t.Question, t.Email, t.Name, t.ConversationId,
                t.Answers.Select(a => new PatronExportedAnswer(a.AuthorName, a.Text, a.At, Lower(a.Delivery), a.SentAt)).ToList()))
            .ToList();
        if (profile is null && chats.Count == 0 && kbEvents.Count == 0 && ticketCopies.Count == 0)
            throw new ChatException(ErrorCodes.NotFound, "Nothing is stored for this visitor.");
        return new PatronExport(id, profile?.Details, time.GetUtcNow(), chats, kbEvents)
        {
            Visitors = devices,
            Records = identity.Records,
            Merges = identity.Merges,
            Tickets = ticketCopies,
        };
    }

    private static string Lower<T>(T value) where T : struct, Enum => value.ToString().ToLowerInvariant();

    /// <summary>
    /// Erases the personal data of the patron this visitor belongs to (all devices, merged profiles, imported records):
    /// every finished chat and answered or closed ticket anonymised, the profiles emptied, their knowledge-base events
    /// unlinked. Refused while a chat or a ticket is open.
    /// </summary>
    public async Task<PatronErasure> EraseAsync(string visitorId, CancellationToken ct)
    {
        var id = ChatInput.Id(visitorId, "visitorId");
        var identity = await patrons.ResolveAsync(id, ct);
        // A visitor known only by knowledge-base events has no profile of its own to resolve to: erase it by itself.
        return await EraseProfileAsync(identity.VisitorIds.Contains(id) ? identity : identity with { VisitorIds = [id, .. identity.VisitorIds] }, ct);
    }

    /// <summary>
    /// Erases a patron's personal data now: every finished chat anonymised, every visitor's details emptied, the imported
    /// records and the merges between their profiles deleted, their tickets anonymised (an answer still waiting for the
    /// outbox is never sent). Refused while a chat is open, or a ticket is open: a question still waiting for an answer
    /// is the library's to answer or close first, not to drop silently.
    /// </summary>
    public async Task<PatronErasure> EraseProfileAsync(PatronProfileIdentity identity, CancellationToken ct)
    {
        var all = await patrons.ConversationsAsync(identity, ct);
        if (all.Any(c => c.IsOpen))
            throw new ChatException(ErrorCodes.InvalidState, "The patron has an open chat; erase after it has ended.");
        var patronTickets = await TicketsAsync(identity.VisitorIds, all.Select(c => c.Id).ToList(), ct);
        if (patronTickets.FirstOrDefault(t => t.Status == Tickets.TicketStatus.Open) is { } open)
            throw new ChatException(ErrorCodes.InvalidState, $"The patron's ticket {open.Id} is open; answer or close it, then erase.");
        var kbEventsForgotten = 0;
        foreach (var member in identity.VisitorIds)
            kbEventsForgotten += await activity.ForgetKbEventsAsync(member, ct);
        var profiles = new List<Visitor>();
        foreach (var member in identity.VisitorIds)
            if (await visitors.FindAsync(member, ct) is { } found)
                profiles.Add(found);
        if (all.Count == 0 && profiles.Count == 0 && identity.Records.Count == 0 && kbEventsForgotten == 0 && patronTickets.Count == 0)
            throw new ChatException(ErrorCodes.NotFound, "Nothing is stored for this patron.");
        var erased = 0;
        foreach (var c in all.Where(c => c.AnonymisedAt is null))
        {
            await AnonymiseAsync(c, ct);
            erased++;
        }
        var ticketsErased = 0;
        foreach (var t in patronTickets.Where(t => t.AnonymisedAt is null))
        {
            await AnonymiseAsync(t, ct);
            ticketsErased++;
        }
        foreach (var profile in profiles)
            await visitors.UpsertAsync(profile with { Details = PatronDetails.Empty }, ct);
        await directory.DeleteRecordsAsync(identity.Records.Select(r => r.CardNumber).ToList(), ct);
        await directory.DeleteMergesAsync(identity.Keys, ct);
        return new PatronErasure(erased, ticketsErased);
    }

    /// <summary>The tickets the visitors left and the follow-ups of their chats (the timeline's rule, docs/crm.md), each once.</summary>
    private async Task<IReadOnlyList<Tickets.Ticket>> TicketsAsync(IReadOnlyList<string> visitorIds, IReadOnlyList<string> conversationIds, CancellationToken ct)
    {
        var found = new Dictionary<string, Tickets.Ticket>();
        foreach (var visitorId in visitorIds)
            foreach (var t in await activity.ListTicketsAsync(visitorId, conversationIds, ct))
                found.TryAdd(t.Id, t);
        return found.Values.OrderByDescending(t => t.CreatedAt).ThenBy(t => t.Id, StringComparer.Ordinal).ToList();
    }

    private async Task<IReadOnlyList<KbEvent>> KbEventsAsync(IReadOnlyList<string> visitorIds, CancellationToken ct)
    {
        var events = new List<KbEvent>();
        foreach (var visitorId in visitorIds)
            events.AddRange(await activity.ListKbEventsAsync(visitorId, MaxExportedKbEvents, ct));
        return events.OrderByDescending(e => e.At).ToList();
    }

    private async Task AnonymiseAsync(Conversation c, CancellationToken ct)
    {
        var messages = await conversations.ListMessagesAsync(c.Id, 0, includeNotes: true, ct);
        string?[] names = [c.Patron.Name];
        string Scrub(string text) => PersonalData.Scrub(text, names);
        await conversations.RedactAsync(
            c with
            {
                Question = Scrub(c.Question),
                Patron = PatronDetails.Empty,
                PatronAddress = null,
                Rating = c.Rating is { Comment: { } comment } r ? r with { Comment = Scrub(comment) } : c.Rating,
                AnonymisedAt = time.GetUtcNow(),
            },
            messages.Where(m => m.Kind != MessageKind.System).Select(m => m with { Text = Scrub(m.Text) }).ToList(), ct);
    }

    /// <summary>
    /// A ticket keeps its queue, source, status, times, owner and the number of notes and answers; the patron's words lose
    /// their personal data. An answer still waiting for the outbox is given up (failed): there is no address left to send it to.
    /// </summary>
    private Task AnonymiseAsync(Tickets.Ticket t, CancellationToken ct)
    {
        string?[] names = [t.Name];
        string Scrub(string text) => PersonalData.Scrub(text, names);
        return tickets.ReplaceAsync(t with
        {
            Question = Scrub(t.Question),
            Email = "",
            Name = null,
            Notes = t.Notes.Select(n => n with { Text = Scrub(n.Text) }).ToList(),
            Answers = t.Answers.Select(a => a with { Text = Scrub(a.Text), Delivery = a.Delivery == Tickets.Delivery.Pending ? Tickets.Delivery.Failed : a.Delivery }).ToList(),
            AnonymisedAt = time.GetUtcNow(),
        }, ct);
    }

    /// <summary>The address goes; a request never sent by now never will be (it counts as given up).</summary>
    private Task AnonymiseAsync(TranscriptRequestRecord r, CancellationToken ct) =>
        transcriptRequests.ReplaceAsync(r with
        {
            Email = "",
            Attempts = r.SentAt is null ? Math.Max(r.Attempts, TranscriptMailer.MaxAttempts) : r.Attempts,
            AnonymisedAt = time.GetUtcNow(),
        }, ct);

    private async Task AnonymiseAsync(Knowledge.Articles.KbQuestion q, CancellationToken ct)
    {
        var chat = q.ConversationId is { } id ? await conversations.FindAsync(id, ct) : null;
        await retention.ReplaceQuestionAsync(q with { Text = PersonalData.Scrub(q.Text, [chat?.Patron.Name]), AnonymisedAt = time.GetUtcNow() }, ct);
    }
}

/// <summary>Runs the privacy rules every minute: discard texts of unrecorded queues, anonymise what is past retention.</summary>
public sealed class PrivacyMaintenance(PatronPrivacy privacy, TimeProvider time, Cluster.IClusterCoordinator cluster, ILogger<PrivacyMaintenance> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(1), time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (!cluster.IsLeader) // one node applies the rules for the cluster
                continue;
            try
            {
                var discarded = await privacy.DiscardUnrecordedAsync(stoppingToken);
                var anonymised = await privacy.ApplyRetentionAsync(stoppingToken);
                await privacy.DeleteExpiredRecordsAsync(stoppingToken);
                if (discarded + anonymised.Total > 0)
                    Log.PrivacyApplied(logger, discarded, anonymised.Chats, anonymised.Tickets, anonymised.TranscriptRequests, anonymised.KnowledgeQuestions, anonymised.SearchTexts);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Log.PrivacyFailed(logger, ex);
            }
        }
    }
}
