using System.ComponentModel.DataAnnotations;
using AskLibrary.Chat.Contracts;

namespace AskLibrary.Chat.Routing;

/// <summary>One queue from configuration (AskLibrary:Queues:N).</summary>
public sealed class QueueOptions
{
    [Required, RegularExpression("^[a-z0-9-]{1,40}$")]
    public string Id { get; set; } = "";

    [Required]
    public string Name { get; set; } = "";

    /// <summary>Name shown to patrons whose widget is in Chinese; falls back to Name.</summary>
    public string? NameZh { get; set; }

    public AssignmentPolicy Policy { get; set; } = AssignmentPolicy.Offer;

    /// <summary>Queue to use when nobody is available in this one.</summary>
    public string? Fallback { get; set; }

    /// <summary>
    /// Keep the texts of finished chats (default). False: a finished chat keeps its times, queue, librarian and
    /// rating for statistics, but its message texts, question and patron details are discarded within a minute.
    /// </summary>
    public bool RecordTranscripts { get; set; } = true;

    /// <summary>
    /// What a chat keeps of the patron's network address: Never (default), Subnet (IPv4 /24, IPv6 /48) or Full.
    /// Shown to admins and managers in the transcript, exported, removed at erasure and at retention.
    /// </summary>
    /// <remarks>
    /// A string, checked in <see cref="QueueConfiguration"/>: the configuration binder silently drops a list item it
    /// cannot convert, so a mistyped enum would make the whole queue vanish instead of stopping the start.
    /// </remarks>
    public string IpAddresses { get; set; } = nameof(Patrons.PatronAddressPolicy.Never);

    /// <summary><see cref="IpAddresses"/> as validated at start.</summary>
    public Patrons.PatronAddressPolicy AddressPolicy => Patrons.PatronAddress.ParsePolicy(IpAddresses)
        ?? throw new InvalidOperationException($"Queue {Id}: IpAddresses must be Never, Subnet or Full.");

    /// <summary>IANA time zone of the opening hours.</summary>
    public string TimeZone { get; set; } = "Asia/Shanghai";

    /// <summary>
    /// Opening hours per day: keys mon…sun, values like "08:00-22:00", "08:00-12:00,14:00-17:30",
    /// "closed" or "00:00-24:00". A day without a key is closed; no Hours at all means always open.
    /// </summary>
    public Dictionary<string, string>? Hours { get; set; }

    /// <summary>Dates (yyyy-MM-dd, in the queue's time zone) the queue is closed all day.</summary>
    public List<string> ClosedDates { get; set; } = [];
}

/// <summary>Chat timing settings (AskLibrary:Chat).</summary>
public sealed class ChatOptions
{
    /// <summary>How long a librarian may be disconnected before their chats go back to the queue.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan LibrarianGracePeriod { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a waiting chat survives without any patron connection.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan AbandonAfter { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Active chats a librarian may hold unless their account says otherwise.</summary>
    [Range(1, 20)]
    public int DefaultCapacity { get; set; } = 3;

    /// <summary>Used for estimates until a queue has accepted chats to learn from.</summary>
    public TimeSpan DefaultWait { get; set; } = TimeSpan.FromSeconds(120);

    /// <summary>
    /// Queue views, waiting patrons' positions and the team's presence are published at most this often; changes in
    /// between ride along with the next publication. Zero publishes as soon as the previous publication is out.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:05")]
    public TimeSpan PublishEvery { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// The waiting chats a queue's view lists, in queue order; the view's status still counts them all. Every staff tab
    /// serving the queue receives the view in each publication, so without a limit a long queue would cost every tab
    /// (and the server) more with every patron who joins it.
    /// </summary>
    [Range(1, 1000)]
    public int QueueViewLimit { get; set; } = 50;
}
