using System.Net;
using AskLibrary.Chat.Contracts;
using AskLibrary.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;

namespace AskLibrary.Tests.Web;

/// <summary>The per-address limits come from AskLibrary:Limits (bench/ChatLoad raises them; a library may lower them).</summary>
public sealed class ConfiguredLimitTests
{
    [Fact]
    public async Task A_lower_visitor_token_limit_answers_429_sooner()
    {
        await using var app = await TestApp.StartAsync(settings: new() { ["AskLibrary:Limits:VisitorTokensPerMinute"] = "3" });
        using var http = app.CreateHttpClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var response = await http.PostAsync("api/visitors", null);
            statuses.Add(response.StatusCode);
        }
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task A_lower_hub_burst_per_address_is_shared_by_all_connections_from_that_address()
    {
        await using var app = await TestApp.StartAsync(settings: new()
        {
            ["AskLibrary:Limits:HubBurstPerAddress"] = "4",
            ["AskLibrary:Limits:PatronHubCallsPerAddressPerSecond"] = "1",
        });
        await using var first = await PatronClient.ConnectAsync(app);
        await using var second = await PatronClient.ConnectAsync(app);
        for (var i = 0; i < 2; i++)
        {
            await first.Hub.InvokeAsync<QueueStatus>("GetQueueStatus", "general");
            await second.Hub.InvokeAsync<QueueStatus>("GetQueueStatus", "general");
        }
        // Each connection has used 2 of its own 30, but the address has used its 4.
        Assert.Equal("rate_limited", await Errors.CodeOf(() => first.Hub.InvokeAsync<QueueStatus>("GetQueueStatus", "general")));
        Assert.Equal(HubConnectionState.Connected, first.Hub.State);
    }

    [Fact]
    public async Task Limits_out_of_range_stop_the_server_at_start()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() =>
            TestApp.StartAsync(settings: new() { ["AskLibrary:Limits:VisitorTokensPerMinute"] = "0" }));
        Assert.Contains("VisitorTokensPerMinute", error.Message, StringComparison.Ordinal);
    }
}
