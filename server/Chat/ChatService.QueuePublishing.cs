namespace AskLibrary.Chat;

// Queue views are published once per burst, not once per change. A queue's view is its whole waiting
// list, sent to every staff tab serving the queue, plus a new position for every waiting patron: with
// n patrons arriving together, publishing on every start and every accept is O(n²) work. Instead a
// change marks the queue, and one publication at a time publishes every marked queue as it is then.
// Changes made while a publication is on its way (waiting for the gate, or telling) ride along with the
// next one; on a quiet service the publication runs right after the change, so nobody waits longer.
public sealed partial class ChatService
{
    private readonly HashSet<string> _queuesToPublish = new(StringComparer.Ordinal); // under its own lock
    private bool _publishing; // under _queuesToPublish's lock: a publication is on its way

    /// <summary>Marks a queue's view as changed; the caller holds the gate.</summary>
    private void PublishQueueSoon(string queueId)
    {
        lock (_queuesToPublish)
        {
            _queuesToPublish.Add(queueId);
            if (_publishing)
                return;
            _publishing = true;
        }
        _ = Task.Run(PublishMarkedQueuesAsync);
    }

    private async Task PublishMarkedQueuesAsync()
    {
        while (true)
        {
            lock (_queuesToPublish)
            {
                // Checked without the gate: an idle service (or a cluster node) takes no extra turn to find nothing.
                if (_queuesToPublish.Count == 0)
                {
                    _publishing = false;
                    return;
                }
            }
            try
            {
                // Returns once the publication has told, so the next one carries every change made meanwhile.
                await UnderGateAsync(async () =>
                {
                    List<string> queueIds;
                    lock (_queuesToPublish)
                    {
                        queueIds = [.. _queuesToPublish];
                        _queuesToPublish.Clear();
                    }
                    foreach (var queueId in queueIds)
                        await PublishQueueAsync(queueId);
                });
            }
            catch (Exception ex)
            {
                // Whatever it was, the loop goes on (or ends above), so publishing never stops for good. What failed
                // is not marked any more; the next change marks it again.
                Log.QueuePublishFailed(logger, ex);
            }
        }
    }
}
