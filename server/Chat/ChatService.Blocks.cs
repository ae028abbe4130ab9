using AskLibrary.Chat.Contracts;
using AskLibrary.Patrons;

namespace AskLibrary.Chat;

// Abuse: staff block one visitor for a limited time — never an address range, because library PCs and
// campus networks share addresses. A blocked visitor gets a neutral "unavailable", not an accusation.
public sealed partial class ChatService
{
    public static readonly TimeSpan MaxBlock = TimeSpan.FromDays(7);
    // Written under the gate, read on the message path too.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, VisitorBlock> _blocks = new(StringComparer.Ordinal);

    public Task BlockVisitorAsync(StaffIdentity caller, string conversationId, int minutes, string reason) => UnderGateAsync(async () =>
    {
        var why = ChatInput.Text(reason, "reason", 500);
        if (minutes < 1 || TimeSpan.FromMinutes(minutes) > MaxBlock)
            throw new ChatException(ErrorCodes.InvalidArgument, $"minutes must be between 1 and {MaxBlock.TotalMinutes}.");
        await InConversationAsync(ChatInput.Id(conversationId, "conversationId"), async () =>
        {
            var c = caller.IsAdmin ? await LoadAsync(ChatInput.Id(conversationId, "conversationId")) : await LoadAssignedAsync(caller, conversationId);
            var block = new VisitorBlock(c.VisitorId, Now.AddMinutes(minutes), why, caller.Id, Now);
            await visitors.SaveBlockAsync(block, CancellationToken.None);
            _blocks[c.VisitorId] = block;
            await AppendAsync(c, MessageKind.Note, caller.Id, caller.DisplayName, $"Blocked for {minutes} min: {why}", null);
            if (await CurrentAsync(c.Id) is { } open)
                await EndAsync(open, SystemText.EndedNeutral(c.Language));
        });
        await AutoAssignAsync();
    });

    public async Task UnblockVisitorAsync(string visitorId)
    {
        await visitors.RemoveBlockAsync(ChatInput.Id(visitorId, "visitorId"), CancellationToken.None);
        await UnderGateAsync(() => Task.FromResult(_blocks.TryRemove(visitorId, out _)));
    }

    private async Task LoadBlocksAsync(CancellationToken ct)
    {
        foreach (var block in await visitors.ListBlocksAsync(Now, ct))
            _blocks[block.VisitorId] = block;
    }

    /// <summary>Throws the neutral error for a visitor whose block has not expired.</summary>
    private void RequireNotBlocked(string visitorId)
    {
        if (_blocks.TryGetValue(visitorId, out var block) && block.Until > Now)
            throw new ChatException(ErrorCodes.Unavailable, "The chat service is not available right now.");
    }
}
