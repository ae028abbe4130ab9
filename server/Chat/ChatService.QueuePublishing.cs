namespace AskLibrary.Chat;

// Queue views are published once per burst, not once per change. A queue's view is its whole waiting
// list, sent to every staff tab serving the queue, plus a new position for every waiting patron: with
// n patrons arriving together, publishing on every start and every accept is O(n²) work under the gate.
// Instead a change marks the queue, and one follow-up turn of the gate publishes every marked queue as
// it is then. Changes made while that turn waits for the gate ride along for free; on a quiet service
// the follow-up runs right after the change, so nobody waits longer than before.
public sealed partial class ChatService
{
    private readonly HashSet<string> _queuesToPublish = new(StringComparer.Ordinal); // under the gate

    /// <summary>Marks a queue's view as changed; the caller holds the gate.</summary>
    private void PublishQueueSoon(string queueId)
    {
        if (_queuesToPublish.Add(queueId) && _queuesToPublish.Count == 1)
            _ = Task.Run(PublishMarkedQueuesAsync);
    }

    private async Task PublishMarkedQueuesAsync()
    {
        try
        {
            await UnderGateAsync(async () =>
            {
                var queueIds = _queuesToPublish.ToList();
                _queuesToPublish.Clear();
                foreach (var queueId in queueIds)
                    await PublishQueueAsync(queueId);
            });
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.QueuePublishFailed(logger, ex);
        }
    }
}
