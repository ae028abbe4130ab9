using AskLibrary.Chat.Contracts;
using AskLibrary.Chat.Routing;

namespace AskLibrary.Chat;

// What every staff tab watches is published in rounds, not once per change. A queue's view is the head of its waiting
// list (ViewOfAsync), sent to every staff tab serving the queue, plus a new position for every waiting patron; a librarian's
// presence (status and load) goes to every staff tab. Sent per change, both are O(changes × tabs): at a hundred
// chats a second and a hundred tabs that is more frames than the chats' own messages. Instead a change marks its
// queue or librarian, and one round at a time publishes everything marked, as it is then: each tab gets one view per
// marked queue and one PresenceChanged listing every marked librarian. Rounds start at most every
// ChatOptions.PublishEvery; a change on a quiet service is published at once.
public sealed partial class ChatService
{
    private readonly Lock _publicationLock = new();
    private readonly HashSet<string> _queuesToPublish = new(StringComparer.Ordinal); // under _publicationLock
    private readonly HashSet<string> _presenceToPublish = new(StringComparer.Ordinal); // under _publicationLock
    private bool _publishing; // under _publicationLock: a round is waiting or on its way
    private long _lastRoundAt; // when the last round started (Pacing's timestamp); 0 before the first

    /// <summary>
    /// Rounds are paced by the machine's clock, not the service's TimeProvider: the pace is about load, and tests
    /// that stop the service's time still see queues and presence published.
    /// </summary>
    private static TimeProvider Pacing => TimeProvider.System;

    /// <summary>Marks a queue's view as changed; the caller holds the gate.</summary>
    private void PublishQueueSoon(string queueId) => MarkForPublication(_queuesToPublish, queueId);

    /// <summary>Marks a librarian's presence or load as changed; the caller holds the gate.</summary>
    private void PublishPresenceSoon(string staffId) => MarkForPublication(_presenceToPublish, staffId);

    private void MarkForPublication(HashSet<string> marked, string id)
    {
        lock (_publicationLock)
        {
            marked.Add(id);
            if (_publishing)
                return;
            _publishing = true;
        }
        _ = Task.Run(PublishRoundsAsync);
    }

    private async Task PublishRoundsAsync()
    {
        while (true)
        {
            lock (_publicationLock)
            {
                // Checked without the gate: an idle service (or a cluster node) takes no extra turn to find nothing.
                if (_queuesToPublish.Count == 0 && _presenceToPublish.Count == 0)
                {
                    _publishing = false;
                    return;
                }
            }
            if (_lastRoundAt != 0 && _options.PublishEvery - Pacing.GetElapsedTime(_lastRoundAt) is { Ticks: > 0 } rest)
                await Task.Delay(rest, Pacing);
            _lastRoundAt = Pacing.GetTimestamp();
            try
            {
                // Returns once the round has told, so the next one carries every change made meanwhile.
                await UnderGateAsync(PublishMarkedAsync);
            }
            catch (Exception ex)
            {
                // Whatever it was, the loop goes on (or ends above), so publishing never stops for good. What failed
                // is not marked any more; the next change marks it again.
                Log.PublicationFailed(logger, ex);
            }
        }
    }

    /// <summary>One round, under the gate: every marked librarian's presence, then every marked queue.</summary>
    private async Task PublishMarkedAsync()
    {
        List<string> queueIds, staffIds;
        lock (_publicationLock)
        {
            queueIds = [.. _queuesToPublish];
            staffIds = [.. _presenceToPublish];
            _queuesToPublish.Clear();
            _presenceToPublish.Clear();
        }
        var changed = staffIds.Select(_router.FindLibrarian).OfType<Librarian>().Select(l => l.ToContract()).ToList();
        if (changed.Count > 0)
            await notifier.PresenceChangedAsync(changed);
        foreach (var queueId in queueIds)
            await PublishQueueAsync(queueId);
    }
}
