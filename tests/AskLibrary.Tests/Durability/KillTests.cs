using System.Collections.Concurrent;
using System.Diagnostics;
using AskLibrary.Chat.Contracts;
using AskLibrary.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;
using Xunit.Abstractions;

namespace AskLibrary.Tests.Durability;

/// <summary>
/// The server is killed with SIGKILL in the middle of concurrent chats and started again: every message
/// that was acknowledged to a client is in the transcript exactly once, in the order it was sent, and the
/// clients reconnect and carry on (resending what was never acknowledged, with the same client ids).
/// </summary>
public sealed class KillTests(ITestOutputHelper output)
{
    private const int Patrons = 8;
    private const int MessagesPerPatron = 40;

    [Fact]
    public async Task Every_acknowledged_message_survives_a_SIGKILL_exactly_once_and_in_order()
    {
        await using var server = new ServerProcess();
        await server.StartAsync();
        var (admin, _, token) = await LibrarianClient.SignInAsync(server.BaseAddress, "admin", server.AdminPassword);
        var create = await admin.SendAsync(Json.Post("api/admin/staff", new { userName = "li", displayName = "Li", role = "librarian", password = "li-password-123", capacity = 10 }, token));
        create.EnsureSuccessStatusCode();

        await using var librarian = await LibrarianClient.ConnectAsync(server.BaseAddress, "li", "li-password-123", reconnect: true);
        var patrons = new List<PatronClient>();
        var chats = new List<string>();
        for (var i = 0; i < Patrons; i++)
        {
            var patron = await PatronClient.ConnectAsync(server.BaseAddress, reconnect: true);
            patrons.Add(patron);
            var chat = await patron.StartChatAsync($"Question {i}");
            await librarian.AcceptAsync(chat.ConversationId);
            chats.Add(chat.ConversationId);
        }

        var acked = new ConcurrentDictionary<string, long>();
        var sentBeforeKill = 0;
        var load = Enumerable.Range(0, Patrons).Select(p => Task.Run(async () =>
        {
            for (var m = 0; m < MessagesPerPatron; m++)
            {
                var id = $"p{p}-m{m:D3}";
                acked[id] = await SendUntilAcknowledgedAsync(patrons[p].Hub, chats[p], id);
                await Task.Delay(10);
            }
        })).Append(Task.Run(async () =>
        {
            for (var m = 0; m < MessagesPerPatron / 2; m++)
                for (var p = 0; p < Patrons; p++)
                    acked[$"l{p}-m{m:D3}"] = await SendUntilAcknowledgedAsync(librarian.Hub, chats[p], $"l{p}-m{m:D3}");
        })).ToList();

        // Kill once the load is well under way.
        var clock = Stopwatch.StartNew();
        while (acked.Count < Patrons * MessagesPerPatron / 4 && clock.Elapsed < TimeSpan.FromSeconds(30))
            await Task.Delay(20);
        sentBeforeKill = acked.Count;
        server.Kill();
        await server.StartAsync();
        await Task.WhenAll(load);

        // What is on disk, read after the restart through the patrons' own resume.
        var found = 0;
        for (var p = 0; p < Patrons; p++)
        {
            var transcript = await patrons[p].Hub.InvokeAsync<ResumeResult>("Resume", chats[p], 0L);
            var byClient = transcript.Messages.Where(m => m.ClientMessageId is not null).GroupBy(m => m.ClientMessageId!).ToDictionary(g => g.Key, g => g.ToList());
            foreach (var prefix in new[] { "p", "l" })
            {
                var ids = acked.Keys.Where(k => k.StartsWith($"{prefix}{p}-", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
                foreach (var id in ids)
                {
                    Assert.True(byClient.TryGetValue(id, out var stored), $"acknowledged message {id} is missing after the kill");
                    Assert.Single(stored!);
                    Assert.Equal(acked[id], stored![0].Seq);
                    found++;
                }
                var seqs = ids.Select(id => acked[id]).ToList();
                Assert.Equal(seqs.Order().ToList(), seqs); // sent in order, stored in order
            }
            Assert.Equal(transcript.Messages.Count, transcript.Messages.Select(m => m.Seq).Distinct().Count());
        }
        output.WriteLine($"acknowledged before the kill: {sentBeforeKill}; acknowledged in all: {acked.Count}; found exactly once after restart: {found}");
        Assert.Equal(acked.Count, found);
        Assert.Equal(Patrons * MessagesPerPatron + Patrons * (MessagesPerPatron / 2), acked.Count);

        foreach (var patron in patrons)
            await patron.DisposeAsync();
    }

    /// <summary>The widget's outbox rule: keep the client id, retry until an ack arrives.</summary>
    private static async Task<long> SendUntilAcknowledgedAsync(HubConnection hub, string conversationId, string clientMessageId)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                if (hub.State == HubConnectionState.Connected)
                    return (await hub.InvokeAsync<SendAck>("SendMessage", conversationId, clientMessageId, $"text of {clientMessageId}")).Seq;
            }
            catch (Exception ex) when (ex is not Xunit.Sdk.XunitException && clock.Elapsed < TimeSpan.FromSeconds(90))
            {
                // connection lost mid-call, or rate limited: the same client id makes the retry safe
            }
            if (clock.Elapsed > TimeSpan.FromSeconds(90))
                throw new TimeoutException($"{clientMessageId} was never acknowledged");
            await Task.Delay(100);
        }
    }
}
