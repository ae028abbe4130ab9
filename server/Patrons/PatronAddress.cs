using System.Net;
using System.Net.Sockets;

namespace AskLibrary.Patrons;

/// <summary>What a queue keeps of a patron's network address (AskLibrary:Queues:N:IpAddresses).</summary>
public enum PatronAddressPolicy
{
    /// <summary>Nothing (the default).</summary>
    Never,
    /// <summary>The network only: IPv4 /24, IPv6 /48 — enough to see that chats come from one campus or one abuser's provider.</summary>
    Subnet,
    /// <summary>The whole address.</summary>
    Full,
}

/// <summary>
/// Reduces a patron's address to what the queue's policy keeps. The address is the one the server sees, which
/// behind a configured reverse proxy (AskLibrary:ReverseProxies) is the forwarded client address, and from
/// anyone else the connection's own.
/// </summary>
public static class PatronAddress
{
    public const int Ipv4SubnetBits = 24;
    public const int Ipv6SubnetBits = 48;

    /// <summary>Never, Subnet or Full (any case); null for anything else, numbers included.</summary>
    public static PatronAddressPolicy? ParsePolicy(string? value) =>
        Enum.GetValues<PatronAddressPolicy>().Cast<PatronAddressPolicy?>()
            .FirstOrDefault(p => string.Equals(p.ToString(), value?.Trim(), StringComparison.OrdinalIgnoreCase));

    public static string? Keep(IPAddress? address, PatronAddressPolicy policy)
    {
        if (address is null || policy == PatronAddressPolicy.Never)
            return null;
        if (address.IsIPv4MappedToIPv6)
            address = address.MapToIPv4();
        if (policy == PatronAddressPolicy.Full)
            return address.ToString();
        var bits = address.AddressFamily == AddressFamily.InterNetwork ? Ipv4SubnetBits : Ipv6SubnetBits;
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, bits / 8, bytes.Length - bits / 8);
        return $"{new IPAddress(bytes)}/{bits}";
    }
}
