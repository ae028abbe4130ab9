using AskLibrary.Chat.Contracts;

namespace AskLibrary.Chat;

// Time-driven rules, run every second by ChatMaintenance: librarians gone past the grace period
// lose their chats to the front of the queue, waiting patrons gone too long abandon, and queues
// opening or closing are announced.
public sealed partial class ChatService
{
    private Dictionary<string, QueueAvailability> _lastAvailability = new(StringComparer.Ordinal);

    public Task TickAsync() => UnderGateAsync(async () =>
    {
        if (cluster.IsClustered)
            await DropConnectionsOfDeadNodesAsync();
        foreach (var librarian in _router.GoneLongerThan(_options.LibrarianGracePeriod))
        {
            foreach (var id in librarian.Active.ToList())
                await InConversationAsync(id, () => RequeueAsync(id, librarian.StaffId));
            Log.Requeued(logger, librarian.StaffId);
        }

        var now = Now;
        var abandoned = (await OpenConversationsAsync())
            .Where(c => c.State == ConversationState.Waiting
                && _patronGoneSince.TryGetValue(c.VisitorId, out var gone) && now - gone >= _options.AbandonAfter)
            .Select(c => c.Id)
            .ToList();
        foreach (var id in abandoned)
        {
            await InConversationAsync(id, async () =>
            {
                // States change only under the gate, which this tick holds: the chat is still waiting.
                if (await CurrentAsync(id) is { } c)
                    await EndAsync(c, SystemText.Abandoned(c.Language));
            });
        }

        await PublishAvailabilityChangesAsync();
        await AutoAssignAsync();
    });

    /// <summary>
    /// Before a graceful shutdown: every open chat gets a stored notice that the service is restarting.
    /// It is sent live too, but SignalR may already be closing connections, so clients are sure to see it
    /// when they resume after reconnecting. Nothing is lost: every message was stored before its ack.
    /// </summary>
    public Task AnnounceShutdownAsync() => UnderGateAsync(async () =>
    {
        // In a cluster the other nodes carry on: this node's clients reconnect to them and nothing restarts.
        if (cluster.IsClustered)
            return;
        foreach (var id in (await OpenConversationsAsync()).Select(c => c.Id))
        {
            await InConversationAsync(id, async () =>
            {
                if (await CurrentAsync(id) is { } c)
                    await AppendSystemAsync(c, SystemEvents.Restarting, SystemText.Restarting(c.Language));
            });
        }
    });

    /// <summary>A chat whose librarian is gone goes back to the front of its queue; the caller holds the gate and the chat's lock.</summary>
    private async Task RequeueAsync(string conversationId, string staffId)
    {
        if (await CurrentAsync(conversationId) is not { } c)
        {
            _router.Release(staffId, conversationId);
            return;
        }
        var requeued = await SaveAsync(ConversationRules.Requeue(c, c.QueueId, Now));
        _router.Release(staffId, c.Id);
        _router.Enqueue(c.Id, c.QueueId, front: true);
        await AppendSystemAsync(requeued, SystemEvents.Requeued, SystemText.Requeued(c.Language));
        await notifier.ToPatronAsync(c.VisitorId, ToState(await CurrentAsync(c.Id) ?? requeued));
        await UnassignAsync(staffId, c.Id, "requeued");
        PublishQueueSoon(c.QueueId);
    }

    /// <summary>Announces queues that went online or offline (hours, presence) to patrons and staff.</summary>
    private async Task PublishAvailabilityChangesAsync()
    {
        foreach (var queue in _router.Queues)
        {
            var availability = _router.Availability(queue.Options.Id);
            if (_lastAvailability.GetValueOrDefault(queue.Options.Id) == availability && _lastAvailability.ContainsKey(queue.Options.Id))
                continue;
            _lastAvailability[queue.Options.Id] = availability;
            var status = StatusOf(queue);
            await notifier.QueueStatusChangedAsync(status);
            await notifier.QueueChangedAsync(await ViewOfAsync(queue));
        }
    }
}
