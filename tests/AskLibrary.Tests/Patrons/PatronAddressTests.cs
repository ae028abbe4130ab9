using System.Net;
using AskLibrary.Chat;
using AskLibrary.Chat.Contracts;
using AskLibrary.Patrons;
using AskLibrary.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace AskLibrary.Tests.Patrons;

/// <summary>
/// Per-queue IpAddresses: Never keeps nothing, Subnet the /24 (IPv4) or /48 (IPv6), Full the address — the
/// forwarded address only when it comes from a configured reverse proxy.
/// </summary>
public sealed class PatronAddressTests
{
    [Theory]
    [InlineData("203.0.113.77", PatronAddressPolicy.Never, null)]
    [InlineData("203.0.113.77", PatronAddressPolicy.Subnet, "203.0.113.0/24")]
    [InlineData("203.0.113.77", PatronAddressPolicy.Full, "203.0.113.77")]
    [InlineData("::ffff:198.51.100.9", PatronAddressPolicy.Subnet, "198.51.100.0/24")]
    [InlineData("2001:db8:1234:5678:9abc::1", PatronAddressPolicy.Subnet, "2001:db8:1234::/48")]
    [InlineData("2001:db8:1234:5678:9abc::1", PatronAddressPolicy.Full, "2001:db8:1234:5678:9abc::1")]
    public void The_policy_keeps_nothing_the_subnet_or_the_whole_address(string address, PatronAddressPolicy policy, string? kept) =>
        Assert.Equal(kept, PatronAddress.Keep(IPAddress.Parse(address), policy));

    [Fact]
    public async Task Each_queue_keeps_what_its_setting_says_and_a_trusted_proxy_supplies_the_address()
    {
        await using var app = await TestApp.StartAsync(settings: Queues(new() { ["AskLibrary:ReverseProxies:0"] = "127.0.0.1" }));
        await using var librarian = await LibrarianClient.ConnectAsync(app, (await app.AddStaffAsync("li")).UserName);

        Assert.Null(await StartedChatAddressAsync(app, "general", "203.0.113.77"));
        Assert.Equal("203.0.113.0/24", await StartedChatAddressAsync(app, "subnet-desk", "203.0.113.77"));
        Assert.Equal("203.0.113.77", await StartedChatAddressAsync(app, "full-desk", "203.0.113.77"));
        Assert.Equal("2001:db8:1234::/48", await StartedChatAddressAsync(app, "subnet-desk", "2001:db8:1234:5678::9"));
    }

    [Fact]
    public async Task Without_a_configured_proxy_a_forged_forwarded_header_is_ignored()
    {
        await using var app = await TestApp.StartAsync(settings: Queues([]));
        await using var librarian = await LibrarianClient.ConnectAsync(app, (await app.AddStaffAsync("li")).UserName);

        Assert.Equal("127.0.0.1", await StartedChatAddressAsync(app, "full-desk", "203.0.113.77"));
        Assert.Equal("127.0.0.0/24", await StartedChatAddressAsync(app, "subnet-desk", "203.0.113.77"));
    }

    [Fact]
    public async Task A_queue_with_an_unknown_IpAddresses_value_stops_the_server_at_start()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => TestApp.StartAsync(settings: Queues(new() { ["AskLibrary:Queues:4:IpAddresses"] = "Sometimes" })));
        Assert.Contains("IpAddresses", error.ToString(), StringComparison.Ordinal);
    }

    private static Dictionary<string, string?> Queues(Dictionary<string, string?> more)
    {
        more["AskLibrary:Queues:3:Id"] = "subnet-desk";
        more["AskLibrary:Queues:3:Name"] = "Subnet desk";
        more["AskLibrary:Queues:3:IpAddresses"] = "Subnet";
        more.TryAdd("AskLibrary:Queues:4:IpAddresses", "Full");
        more["AskLibrary:Queues:4:Id"] = "full-desk";
        more["AskLibrary:Queues:4:Name"] = "Full desk";
        return more;
    }

    /// <summary>A new patron starts a chat through a connection that claims to come from <paramref name="forwardedFor"/>, then ends it.</summary>
    private static async Task<string?> StartedChatAddressAsync(TestApp app, string queue, string forwardedFor)
    {
        var visitor = await PatronClient.NewVisitorAsync(app);
        await using var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(app.BaseAddress, "hubs/patron"), o =>
            {
                o.AccessTokenProvider = () => Task.FromResult<string?>(visitor.Token);
                o.Headers["X-Forwarded-For"] = forwardedFor;
            })
            .AddJsonProtocol(o => ChatExtensions.Configure(o.PayloadSerializerOptions))
            .Build();
        await hub.StartAsync();
        var chat = await hub.InvokeAsync<ChatState>("StartChat", new StartChatRequest(queue, "Where is the map room?", PatronClient.NewClientId(), null, "en"));
        var stored = await app.Services.GetRequiredService<IConversationStore>().FindAsync(chat.ConversationId, CancellationToken.None);
        await hub.InvokeAsync<ChatState>("EndChat", chat.ConversationId);
        return stored!.PatronAddress;
    }
}
