using System.ComponentModel.DataAnnotations;

namespace AskLibrary.Chat;

/// <summary>
/// Per client address limits (AskLibrary:Limits). The defaults suit a library behind a campus NAT; a load test
/// from one machine raises them, since every simulated patron then shares 127.0.0.1 (bench/ChatLoad).
/// </summary>
public sealed class LimitOptions
{
    /// <summary>Hub calls one address may make at once, on either hub, before the per-second rates apply.</summary>
    [Range(1, 10_000_000)]
    public int HubBurstPerAddress { get; set; } = 600;

    /// <summary>Patron hub calls per second per address, after the burst.</summary>
    [Range(1, 10_000_000)]
    public int PatronHubCallsPerAddressPerSecond { get; set; } = 100;

    /// <summary>Staff hub calls per second per address, after the burst.</summary>
    [Range(1, 10_000_000)]
    public int StaffHubCallsPerAddressPerSecond { get; set; } = 200;

    /// <summary>New visitor tokens (POST /api/visitors) per address per minute.</summary>
    [Range(1, 10_000_000)]
    public int VisitorTokensPerMinute { get; set; } = 120;

    /// <summary>
    /// Connections the server holds at most, WebSockets and plain HTTP together (<see cref="ConnectionBudget"/>).
    /// Unset: the process's open-file limit less the descriptors open at start and 500 more (a quarter of the rest
    /// under a small limit).
    /// </summary>
    [Range(4, 10_000_000)]
    public int? MaxConnections { get; set; }
}
