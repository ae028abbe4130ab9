using AskLibrary.Tests.Storage.Contracts;

namespace AskLibrary.Tests.Storage;

// The contract suites on the embedded store: always run.
public sealed class SqliteConversationStoreTests : ConversationStoreContract { protected override StoreBackend CreateBackend() => new SqliteBackend(); }
public sealed class SqliteTicketStoreTests : TicketStoreContract { protected override StoreBackend CreateBackend() => new SqliteBackend(); }
public sealed class SqliteTranscriptRequestStoreTests : TranscriptRequestStoreContract { protected override StoreBackend CreateBackend() => new SqliteBackend(); }
public sealed class SqliteVisitorStoreTests : VisitorStoreContract { protected override StoreBackend CreateBackend() => new SqliteBackend(); }
public sealed class SqliteStaffStoreTests : StaffStoreContract { protected override StoreBackend CreateBackend() => new SqliteBackend(); }
public sealed class SqliteCannedResponseStoreTests : CannedResponseStoreContract { protected override StoreBackend CreateBackend() => new SqliteBackend(); }
public sealed class SqliteAuditStoreTests : AuditStoreContract { protected override StoreBackend CreateBackend() => new SqliteBackend(); }
public sealed class SqliteKnowledgeStoreTests : KnowledgeStoreContract { protected override StoreBackend CreateBackend() => new SqliteBackend(); }
public sealed class SqliteReportStoreTests : ReportStoreContract { protected override StoreBackend CreateBackend() => new SqliteBackend(); }
public sealed class SqlitePatronDirectoryContractTests : PatronDirectoryContract { protected override StoreBackend CreateBackend() => new SqliteBackend(); }
public sealed class SqlitePatronActivityStoreContractTests : PatronActivityStoreContract { protected override StoreBackend CreateBackend() => new SqliteBackend(); }
public sealed class SqliteRatingStoreTests : RatingStoreContract { protected override StoreBackend CreateBackend() => new SqliteBackend(); }
public sealed class SqliteRetentionStoreTests : RetentionStoreContract { protected override StoreBackend CreateBackend() => new SqliteBackend(); }
