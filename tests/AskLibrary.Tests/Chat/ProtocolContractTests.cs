using System.Reflection;
using System.Text.RegularExpressions;
using AskLibrary.Chat.Contracts;
using AskLibrary.Chat.Hubs;
using AskLibrary.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR;

namespace AskLibrary.Tests.Chat;

/// <summary>The hubs and widget/src/shared/protocol.ts name the same methods and events, so a rename on one side fails here.</summary>
public sealed partial class ProtocolContractTests
{
    private static readonly string Protocol = File.ReadAllText(Path.Combine(RepoPaths.Root, "widget", "src", "shared", "protocol.ts"));

    [Theory]
    [InlineData("PatronHubMethods", typeof(PatronHub))]
    [InlineData("StaffHubMethods", typeof(StaffHub))]
    public void Hub_methods_match_protocol_ts(string constName, Type hub) =>
        Assert.Equal(Names(constName), hub.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(m => !m.IsSpecialName && m.Name is not (nameof(Hub.OnConnectedAsync) or nameof(Hub.OnDisconnectedAsync)))
            .Select(m => m.Name).Order(StringComparer.Ordinal));

    [Theory]
    [InlineData("PatronClientEvents", typeof(IPatronClient))]
    [InlineData("StaffClientEvents", typeof(IStaffClient))]
    public void Client_events_match_protocol_ts(string constName, Type client) =>
        Assert.Equal(Names(constName), client.GetMethods().Select(m => m.Name).Order(StringComparer.Ordinal));

    [Fact]
    public void Error_codes_match_protocol_ts()
    {
        var block = Regex.Match(Protocol, @"export type ErrorCode =([^;]+);").Groups[1].Value;
        var inTs = Regex.Matches(block, "\"([a-z_]+)\"").Select(m => m.Groups[1].Value).Order(StringComparer.Ordinal);
        var inCs = typeof(ErrorCodes).GetFields().Select(f => (string)f.GetValue(null)!).Order(StringComparer.Ordinal);
        Assert.Equal(inTs, inCs);
    }

    private static IEnumerable<string> Names(string constName)
    {
        var block = Regex.Match(Protocol, $@"export const {constName} = \{{(.*?)\}} as const;", RegexOptions.Singleline);
        Assert.True(block.Success, $"{constName} not found in protocol.ts");
        return EntryPattern().Matches(block.Groups[1].Value).Select(m => m.Groups[1].Value).Order(StringComparer.Ordinal).ToList();
    }

    [GeneratedRegex(@"^\s*\w+:\s*""([A-Za-z]+)""", RegexOptions.Multiline)]
    private static partial Regex EntryPattern();
}
