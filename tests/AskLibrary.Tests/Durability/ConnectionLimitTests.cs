using System.Collections.Concurrent;
using System.Net.Http.Json;
using AskLibrary.Chat;
using AskLibrary.Chat.Contracts;
using AskLibrary.Tests.Infrastructure;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Xunit.Abstractions;

namespace AskLibrary.Tests.Durability;

/// <summary>
/// A server that reached its open-file limit used to stop ("Out of memory.", 2026-12-04, with about 9,300 patrons
/// on this machine's limit of 19,000): every connection is a file descriptor. Now Kestrel holds no more connections
/// than the limit leaves room for (ConnectionBudget), turns the others away at once (a WebSocket request over the budget
/// is answered without the upgrade), and the server goes on serving.
/// </summary>
[Collection(nameof(ConnectionLimitTests))]
public sealed class ConnectionLimitTests(ITestOutputHelper output)
{
    // Budget: 1,000 less the descriptors open at start (about 250) and a quarter of the rest = about 560 connections,
    // three quarters of them WebSockets. Without it, 800 patrons take the server to its limit.
    private const int OpenFileLimit = 1000;
    private const int Patrons = 800;

    private static readonly Dictionary<string, string> RaisedAddressLimits = new()
    {
        ["AskLibrary__Limits__VisitorTokensPerMinute"] = "100000",
        ["AskLibrary__Limits__HubBurstPerAddress"] = "100000",
        ["AskLibrary__Limits__PatronHubCallsPerAddressPerSecond"] = "100000",
    };

    [Fact]
    public async Task More_patrons_than_the_open_file_limit_has_room_for_are_turned_away_and_the_server_keeps_serving()
    {
        await using var server = new ServerProcess(RaisedAddressLimits, openFileLimit: OpenFileLimit);
        await server.StartAsync();
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        var visitors = new List<VisitorSession>();
        for (var i = 0; i < Patrons + 1; i++)
        {
            var response = await http.PostAsync("api/visitors", null);
            response.EnsureSuccessStatusCode();
            visitors.Add((await response.Content.ReadFromJsonAsync<VisitorSession>())!);
        }

        var connected = new ConcurrentBag<HubConnection>();
        var turnedAway = 0;
        var reasons = new ConcurrentDictionary<string, int>();
        await Parallel.ForEachAsync(visitors.Take(Patrons), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (visitor, _) =>
        {
            var hub = Connect(server.BaseAddress, visitor);
            try
            {
                await hub.StartAsync();
                connected.Add(hub);
            }
            catch (Exception ex) when (TurnedAway(ex))
            {
                Interlocked.Increment(ref turnedAway);
                reasons.AddOrUpdate($"{ex.GetType().Name}: {ex.Message}", 1, (_, n) => n + 1);
                await hub.DisposeAsync();
            }
        });
        output.WriteLine($"{connected.Count} patrons let in, {turnedAway} turned away");
        foreach (var (reason, count) in reasons)
            output.WriteLine($"  {count} × {reason}");
        try
        {
            Assert.True(turnedAway > 0, $"all {Patrons} patrons were let in, more than an open-file limit of {OpenFileLimit} has room for");
            Assert.InRange(connected.Count, 100, OpenFileLimit / 2);
            Assert.All(connected, hub => Assert.Equal(HubConnectionState.Connected, hub.State));

            // Still serving: the patrons it holds, a page, and a new patron once others have left.
            Assert.Null(await connected.First().InvokeAsync<ChatState?>("GetCurrentChat"));
            (await http.GetAsync("staff/login")).EnsureSuccessStatusCode();
            foreach (var hub in connected.Take(20))
                await hub.DisposeAsync();
            await using var late = await ConnectWithRetriesAsync(server.BaseAddress, visitors[^1]);
            Assert.Null(await late.InvokeAsync<ChatState?>("GetCurrentChat"));
        }
        finally
        {
            await Parallel.ForEachAsync(connected, async (hub, _) => await hub.DisposeAsync());
        }
    }

    [Fact]
    public void The_budget_leaves_what_is_open_and_a_headroom_and_gives_websockets_three_quarters()
    {
        Assert.Equal(new ConnectionBudget(Chat: 14_400, Plain: 4_800), ConnectionBudget.For(null, openFileLimit: 20_000, openNow: 300));
        Assert.Equal(new ConnectionBudget(Chat: 75, Plain: 25), ConnectionBudget.For(100, openFileLimit: 20_000, openNow: 300));
        Assert.Equal(new ConnectionBudget(Chat: 225, Plain: 75), ConnectionBudget.For(null, openFileLimit: 700, openNow: 300));
        Assert.Equal(new ConnectionBudget(Chat: 6, Plain: 2), ConnectionBudget.For(null, openFileLimit: 300, openNow: 300));
        Assert.Null(ConnectionBudget.For(null, openFileLimit: long.MaxValue, openNow: 300));
        Assert.True(ConnectionBudget.OpenFileLimit() > ConnectionBudget.OpenNow());
    }

    /// <summary>
    /// As the widget does: a patron turned away tries again. The server frees a WebSocket's place only once its side
    /// of the close is over, a moment after the client's DisposeAsync returns (seen in a full test run).
    /// </summary>
    private async Task<HubConnection> ConnectWithRetriesAsync(Uri server, VisitorSession visitor)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        for (var attempt = 1; ; attempt++)
        {
            var hub = Connect(server, visitor);
            try
            {
                await hub.StartAsync();
                output.WriteLine($"the late patron got in at attempt {attempt}");
                return hub;
            }
            catch (Exception ex) when (DateTime.UtcNow < deadline && TurnedAway(ex))
            {
                await hub.DisposeAsync();
                await Task.Delay(250);
            }
        }
    }

    /// <summary>How a connect fails when the server turns the patron away (no upgrade, a closed socket, a timeout).</summary>
    private static bool TurnedAway(Exception ex) =>
        ex is HttpRequestException or IOException or System.Net.WebSockets.WebSocketException or InvalidOperationException or TaskCanceledException;

    private static HubConnection Connect(Uri server, VisitorSession visitor) =>
        new HubConnectionBuilder()
            .WithUrl(new Uri(server, "hubs/patron"), o =>
            {
                // One socket per patron, so that the count of connections is the count of patrons.
                o.SkipNegotiation = true;
                o.Transports = HttpTransportType.WebSockets;
                o.AccessTokenProvider = () => Task.FromResult<string?>(visitor.Token);
            })
            .Build();
}

/// <summary>800 connections at once load both cores; run alone, after the other tests, so that none waits on them.</summary>
[CollectionDefinition(nameof(ConnectionLimitTests), DisableParallelization = true)]
public sealed class ConnectionLimitCollection;
