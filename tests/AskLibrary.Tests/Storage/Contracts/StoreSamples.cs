using AskLibrary.Chat;
using AskLibrary.Chat.Contracts;
using AskLibrary.Knowledge;
using AskLibrary.Knowledge.Articles;
using AskLibrary.Patrons;
using AskLibrary.Staff;
using AskLibrary.Tickets;

namespace AskLibrary.Tests.Storage.Contracts;

/// <summary>Documents with every field set (and instants on whole milliseconds, the precision both stores keep).</summary>
public static class StoreSamples
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 24, 3, 0, 0, TimeSpan.Zero);

    public static Conversation Conversation(string id, string visitorId = "v_1", string queueId = "general", DateTimeOffset? createdAt = null) => new()
    {
        Id = id,
        QueueId = queueId,
        VisitorId = visitorId,
        Question = "去哪里借书？ $where {\"x\": 1}",
        StartClientMessageId = "start-" + id,
        CreatedAt = createdAt ?? T0,
    };

    public static Conversation FullConversation(string id) => Conversation(id) with
    {
        State = ConversationState.Closed,
        Patron = new PatronDetails("李明", "li@example.org", "2100012345"),
        Language = "zh-CN",
        WaitingSince = T0.AddSeconds(1),
        FrontOfQueue = true,
        AcceptedAt = T0.AddSeconds(30),
        FirstResponseAt = T0.AddSeconds(45.5),
        ClosedAt = T0.AddMinutes(10),
        AssignedToId = "s_1",
        AssignedToName = "Librarian Wang",
        LastSeq = 7,
        Rating = new ChatRating(4, "谢谢", T0.AddMinutes(11)),
        AnonymisedAt = T0.AddDays(30),
        TextDiscardedAt = T0.AddDays(31),
        PatronAddress = "203.0.113.0/24",
        ReadScale = 3,
    };

    public static NewMessage Message(string conversationId, string text, string? clientId = null, MessageKind kind = MessageKind.Patron, DateTimeOffset? at = null) =>
        new(conversationId, kind, kind == MessageKind.Patron ? "v_1" : "s_1", kind == MessageKind.Patron ? null : "Li", text, clientId, null, at ?? T0);

    public static Ticket Ticket(string id, double dueHours = 0) => new()
    {
        Id = id,
        QueueId = "general",
        Source = TicketSource.Staff,
        Question = id,
        Email = "a@example.org",
        CreatedAt = T0,
        DueAt = dueHours > 0 ? T0.AddHours(dueHours) : null,
    };

    public static Ticket FullTicket(string id) => Ticket(id, 24) with
    {
        Source = TicketSource.Patron,
        Name = "Li",
        Language = "en",
        Status = TicketStatus.Pending,
        VisitorId = "v_9",
        ClientRequestId = "req-1",
        ConversationId = "c_9",
        CreatedById = "s_1",
        OwnerId = "s_2",
        OwnerName = "Zhang",
        Notes = [new TicketNote("n_1", "s_2", "Zhang", "checked the catalogue", T0.AddMinutes(5))],
        Answers = [new TicketAnswer("a_1", "s_2", "Zhang", "It is on shelf 3.", T0.AddMinutes(6), Delivery.Pending),
                   new TicketAnswer("a_2", "s_2", "Zhang", "Also online.", T0.AddMinutes(7), Delivery.Sent, T0.AddMinutes(8), 1)],
        RemindedAt = T0.AddHours(20),
        ClosedAt = T0.AddHours(30),
        UpdatedAt = T0.AddHours(30),
        AnonymisedAt = T0.AddDays(400),
    };

    public static StaffAccount StaffMember(string id, string userName) => new()
    {
        Id = id,
        UserName = userName,
        DisplayName = "Staff " + userName,
        Role = StaffRoles.Librarian,
        PasswordHash = "hash-" + id,
        Queues = ["general", "law"],
        Capacity = 3,
        Email = userName + "@example.org",
        CreatedAt = T0,
    };

    public static KbArticleRecord Article(string id, int version = 1, string title = "开馆时间") => new()
    {
        Id = id,
        Title = title,
        Body = "# 开馆时间\n周一至周五 8:00–22:00",
        Summary = "hours",
        Category = "services",
        Tags = ["hours", "开馆"],
        Language = "zh-CN",
        Status = KbStatus.Published,
        Audience = KbAudience.Public,
        Related = ["borrowing"],
        Owner = "s_1",
        Reviewed = "2026-11-01",
        Version = version,
        UpdatedAt = T0.AddMinutes(version),
        UpdatedBy = "s_1",
    };

    /// <summary>One instance of every stored document type, fields filled.</summary>
    public static IEnumerable<object> EveryDocument()
    {
        yield return FullConversation("c_1");
        yield return Conversation("c_2");
        // Tags in a sample of its own: record equality compares the list by reference, and contracts compare FullConversation.
        yield return Conversation("c_3") with { Tags = ["borrowing", "馆际互借"] };
        yield return new StoredMessage("c_1", 3, MessageKind.Note, "s_1", "Li", "internal", "client-3", null, T0);
        yield return new StoredMessage("c_1", 1, MessageKind.System, null, null, "", null, SystemEvents.Created, T0);
        yield return new TranscriptRequestRecord("tr_1", "c_1", "li@example.org", T0, T0.AddMinutes(1), 2, T0.AddDays(400));
        yield return new TranscriptRequestRecord("tr_2", "c_1", "li@example.org", T0, null);
        yield return new Visitor("v_1", new PatronDetails("Li", null, "123"), T0, T0.AddDays(1)) { KeyPatron = true };
        yield return new Visitor("v_2", new PatronDetails(null, "Li@Example.org", null), T0, T0);
        yield return new VisitorBlock("v_1", T0.AddHours(1), "abuse", "s_1", T0);
        yield return StaffMember("s_1", "wang");
        yield return StaffMember("s_2", "zhao") with { Disabled = true };
        yield return new CannedResponseRecord("cr_1", "Hours", "We open at 8.", "s_1", T0);
        yield return new AuditEntry("au_1", T0, "s_1", "Wang", StaffRoles.Admin, AuditActions.TranscriptViewed, "c_1", "detail");
        yield return FullTicket("q_1");
        yield return Ticket("q_2");
        yield return Article("kb_1");
        yield return new KbArticleVersion("kb_1", 2, T0, "s_1", "edited", Article("kb_1", 2));
        yield return new KbEvent("kb_1", KbEventKind.NotHelpful, "hours", "v_1", null, T0);
        yield return new KbEvent("kb_1", KbEventKind.Inserted, "hours", null, "s_1", T0);
        yield return new KbQuestion("kq_1", "opening hours", "widget", "c_1", "kb_1", 0.25f, T0, T0.AddDays(400));
        yield return new KbQuestion("kq_2", "opening hours", "widget", null, null, 0f, T0);
        yield return Record("2100012345", "li@example.org", "+86 10 6275 1234", new DateOnly(2027, 6, 30));
        yield return new PatronRecord("X9", null, null, null, null, null, null, T0, T0);
        yield return new PatronMerge("pm_1", "email:li@example.org", "card:2100012345", T0, "s_1", "Wang");
        yield return new PatronMerge("pm_2", "visitor:v_2", "card:2100012345", T0, "s_1", "Wang") { UndoneAt = T0.AddHours(1), UndoneBy = "Zhang" };
    }

    public static PatronRecord Record(string card, string? email = null, string? phone = null, DateOnly? expires = null) =>
        new(card, "李明", email, phone, "Undergraduate", "Physics", expires, T0, T0.AddMinutes(1));
}
