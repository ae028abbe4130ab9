using System.Net.Http.Json;
using System.Reflection;
using AskLibrary.Chat;
using AskLibrary.Chat.Contracts;
using AskLibrary.Chat.Hubs;
using AskLibrary.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace AskLibrary.Tests.Security;

/// <summary>
/// Every hub method, called by someone who is not part of the conversation: another patron on the patron hub,
/// another librarian on the staff hub. The method list comes from the hub classes, so a new method without a
/// rule here fails. (Who may connect to each hub at all is in <see cref="HttpAuthorizationMatrixTests"/>.)
/// </summary>
public sealed class HubAuthorizationMatrixTests(ITestOutputHelper output) : ChatTestBase
{
    /// <summary>What a stranger's call must do: act only on the caller's own data, or be refused with a documented code.</summary>
    private enum Rule { OwnDataOnly, Refused }

    /// <summary>What a call is aimed at: the conversation, and a canned response that belongs to the caller.</summary>
    private sealed record Target(string ConversationId, string CannedId);

    private sealed record MethodRule(Rule Rule, Func<Target, object?[]> Arguments);

    private static readonly Dictionary<string, MethodRule> PatronRules = new()
    {
        ["GetQueueStatus"] = new(Rule.OwnDataOnly, _ => ["general"]),
        ["GetCurrentChat"] = new(Rule.OwnDataOnly, _ => []),
        ["SetPatronDetails"] = new(Rule.OwnDataOnly, _ => [new PatronDetails("Mallory", "mallory@example.org", null)]),
        ["LeaveQuestion"] = new(Rule.OwnDataOnly, _ => [new OfflineQuestionRequest("general", "A question of my own", "mallory@example.org", null, "r-" + Guid.NewGuid().ToString("N")[..12])]),
        ["Resume"] = new(Rule.Refused, t => [t.ConversationId, 0L]),
        ["SendMessage"] = new(Rule.Refused, t => [t.ConversationId, PatronClient.NewClientId(), "injected into someone else's chat"]),
        ["SetTyping"] = new(Rule.Refused, t => [t.ConversationId, true]),
        ["EndChat"] = new(Rule.Refused, t => [t.ConversationId]),
        ["RateChat"] = new(Rule.Refused, t => [t.ConversationId, 1, "rating someone else's chat"]),
        ["RequestTranscript"] = new(Rule.Refused, t => [t.ConversationId, "mallory@example.org"]),
        // Last: afterwards the stranger has an open chat of their own, and the calls above must still have failed without one.
        ["StartChat"] = new(Rule.OwnDataOnly, _ => [new StartChatRequest("general", "My own question", PatronClient.NewClientId(), null, "en")]),
    };

    private static readonly Dictionary<string, MethodRule> StaffRules = new()
    {
        ["GetSnapshot"] = new(Rule.OwnDataOnly, _ => []),
        ["SetPresence"] = new(Rule.OwnDataOnly, _ => [Presence.Away]),
        ["Accept"] = new(Rule.Refused, t => [t.ConversationId]),
        ["Open"] = new(Rule.Refused, t => [t.ConversationId, 0L]),
        ["SendMessage"] = new(Rule.Refused, t => [t.ConversationId, PatronClient.NewClientId(), "a stranger's reply"]),
        ["AddNote"] = new(Rule.Refused, t => [t.ConversationId, PatronClient.NewClientId(), "a stranger's note"]),
        ["SetTyping"] = new(Rule.Refused, t => [t.ConversationId, true]),
        ["Transfer"] = new(Rule.Refused, t => [new TransferRequest(t.ConversationId, "research", null, "taking it away")]),
        ["EndChat"] = new(Rule.Refused, t => [t.ConversationId]),
        ["BlockVisitor"] = new(Rule.Refused, t => [t.ConversationId, 60, "not my chat"]),
        ["RenderCanned"] = new(Rule.Refused, t => [t.ConversationId, t.CannedId]),
    };

    private static HashSet<string> HubMethods(Type hub) =>
        hub.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(m => !m.IsSpecialName && m.Name is not ("OnConnectedAsync" or "OnDisconnectedAsync"))
            .Select(m => m.Name).ToHashSet();

    [Fact]
    public void Every_hub_method_has_a_rule()
    {
        Assert.Equal(HubMethods(typeof(PatronHub)).Order(), PatronRules.Keys.Order());
        Assert.Equal(HubMethods(typeof(StaffHub)).Order(), StaffRules.Keys.Order());
    }

    [Fact]
    public async Task Another_patron_can_neither_read_nor_change_a_conversation()
    {
        var (patron, librarian, conversationId) = await ActiveChatAsync();
        var before = await TranscriptAsync(conversationId);
        var stranger = await PatronAsync();

        var refusals = await CallEveryMethodAsync(stranger.Hub, PatronRules, new Target(conversationId, ""));

        Assert.DoesNotContain(stranger.Messages.All, m => m.ConversationId == conversationId);
        Assert.DoesNotContain(stranger.Updates.All, s => s.ConversationId == conversationId);
        await AssertUntouchedAsync(conversationId, before, librarian.StaffId);
        // The patron keeps chatting as before, and saw nothing of the stranger.
        Assert.DoesNotContain(patron.Typing.All, t => t.From == TypingParty.Patron);
        await patron.SendAsync(conversationId, "still here");
        output.WriteLine($"patron hub: {PatronRules.Count} methods, {refusals} refused as a stranger");
    }

    [Fact]
    public async Task Another_librarian_can_neither_read_nor_change_a_chat_assigned_to_someone_else()
    {
        var (patron, librarian, conversationId) = await ActiveChatAsync();
        var before = await TranscriptAsync(conversationId);
        var other = await LibrarianAsync("other-librarian");
        var create = await other.Http.SendAsync(Json.Post("api/staff/canned", new CannedResponseInput("Mine", "Hello {patron.name}", false), other.AntiforgeryToken));
        var canned = (await create.Content.ReadFromJsonAsync<CannedResponse>(Json.Options))!;

        var refusals = await CallEveryMethodAsync(other.Hub, StaffRules, new Target(conversationId, canned.Id));

        Assert.DoesNotContain(other.Messages.All, m => m.ConversationId == conversationId);
        await AssertUntouchedAsync(conversationId, before, librarian.StaffId);
        Assert.DoesNotContain(patron.Typing.All, t => t.Name == "other-librarian");
        output.WriteLine($"staff hub: {StaffRules.Count} methods, {refusals} refused for a librarian the chat is not assigned to");
    }

    [Theory]
    [InlineData("manager")]
    [InlineData("editor")]
    public async Task A_role_that_does_not_chat_cannot_open_the_staff_hub_or_call_any_method(string role)
    {
        var (_, librarian, conversationId) = await ActiveChatAsync();
        var before = await TranscriptAsync(conversationId);
        await App.AddStaffAsync("no-chat-" + role, role);
        var (_, cookies, _) = await LibrarianClient.SignInAsync(App, "no-chat-" + role, "no-chat-" + role + "-password");
        await using var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(App.BaseAddress, "hubs/staff"), o => o.Cookies = cookies)
            .AddJsonProtocol(o => ChatExtensions.Configure(o.PayloadSerializerOptions))
            .Build();

        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => hub.StartAsync());

        Assert.Equal(System.Net.HttpStatusCode.Forbidden, refused.StatusCode);
        // Without a connection no method can be called at all; the chat is as it was, and the role is not on duty anywhere.
        foreach (var method in StaffRules.Keys)
            await Assert.ThrowsAsync<InvalidOperationException>(() => hub.InvokeCoreAsync<object?>(method, StaffRules[method].Arguments(new Target(conversationId, "cr-none"))));
        await AssertUntouchedAsync(conversationId, before, librarian.StaffId);
        var snapshot = await librarian.Hub.InvokeAsync<StaffSnapshot>("GetSnapshot");
        Assert.DoesNotContain(snapshot.Librarians, l => l.DisplayName == "no-chat-" + role);
        output.WriteLine($"staff hub as {role}: connection refused with 403, {StaffRules.Count} methods unreachable");
    }

    private async Task<int> CallEveryMethodAsync(HubConnection hub, Dictionary<string, MethodRule> rules, Target target)
    {
        var refusals = 0;
        var failures = new List<string>();
        foreach (var (method, rule) in rules)
        {
            try
            {
                var result = await hub.InvokeCoreAsync<object?>(method, rule.Arguments(target));
                if (rule.Rule == Rule.Refused)
                    failures.Add($"{method}: was allowed");
                else if (result?.ToString()?.Contains(target.ConversationId, StringComparison.Ordinal) == true)
                    failures.Add($"{method}: answered with the other conversation");
            }
            catch (Microsoft.AspNetCore.SignalR.HubException error)
            {
                var code = Errors.CodeOf(error);
                if (code == ErrorCodes.Internal || typeof(ErrorCodes).GetFields().All(f => (string?)f.GetValue(null) != code))
                    failures.Add($"{method}: refused with an undocumented code '{code}'");
                if (rule.Rule == Rule.Refused)
                    refusals++;
            }
        }
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
        return refusals;
    }

    private async Task<(PatronClient Patron, LibrarianClient Librarian, string ConversationId)> ActiveChatAsync()
    {
        var librarian = await LibrarianAsync("owner-librarian");
        var patron = await PatronAsync();
        var chat = await patron.StartChatAsync("Where are the theses kept?");
        await librarian.Queues.WaitAsync(q => q.Waiting.Any(w => w.ConversationId == chat.ConversationId));
        await librarian.AcceptAsync(chat.ConversationId);
        await librarian.SendAsync(chat.ConversationId, "On the fourth floor.");
        await patron.Messages.WaitAsync(m => m.Kind == MessageKind.Librarian);
        return (patron, librarian, chat.ConversationId);
    }

    private async Task<IReadOnlyList<string>> TranscriptAsync(string conversationId) =>
        (await App.Services.GetRequiredService<IConversationStore>().ListMessagesAsync(conversationId, 0, includeNotes: true, CancellationToken.None))
            .Select(m => $"{m.Seq}|{m.Kind}|{m.Text}").ToList();

    private async Task AssertUntouchedAsync(string conversationId, IReadOnlyList<string> before, string librarianId)
    {
        Assert.Equal(before, await TranscriptAsync(conversationId));
        var conversation = await App.Services.GetRequiredService<IConversationStore>().FindAsync(conversationId, CancellationToken.None);
        Assert.Equal(ConversationState.Active, conversation!.State);
        Assert.Equal(librarianId, conversation.AssignedToId);
    }
}
