using AskLibrary.Tests.Storage.Contracts;

namespace AskLibrary.Tests.Storage;

// The same contract suites on MongoDB: run when ASKLIBRARY_TEST_MONGODB names a server, reported SKIPPED otherwise.
public sealed class MongoDbConversationStoreTests : ConversationStoreContract { protected override StoreBackend CreateBackend() => new MongoDbBackend(); }
public sealed class MongoDbTicketStoreTests : TicketStoreContract { protected override StoreBackend CreateBackend() => new MongoDbBackend(); }
public sealed class MongoDbTranscriptRequestStoreTests : TranscriptRequestStoreContract { protected override StoreBackend CreateBackend() => new MongoDbBackend(); }
public sealed class MongoDbVisitorStoreTests : VisitorStoreContract { protected override StoreBackend CreateBackend() => new MongoDbBackend(); }
public sealed class MongoDbStaffStoreTests : StaffStoreContract { protected override StoreBackend CreateBackend() => new MongoDbBackend(); }
public sealed class MongoDbCannedResponseStoreTests : CannedResponseStoreContract { protected override StoreBackend CreateBackend() => new MongoDbBackend(); }
public sealed class MongoDbAuditStoreTests : AuditStoreContract { protected override StoreBackend CreateBackend() => new MongoDbBackend(); }
public sealed class MongoDbKnowledgeStoreTests : KnowledgeStoreContract { protected override StoreBackend CreateBackend() => new MongoDbBackend(); }
public sealed class MongoDbReportStoreTests : ReportStoreContract { protected override StoreBackend CreateBackend() => new MongoDbBackend(); }
public sealed class MongoDbPatronDirectoryContractTests : PatronDirectoryContract { protected override StoreBackend CreateBackend() => new MongoDbBackend(); }
public sealed class MongoDbPatronActivityStoreTests : PatronActivityStoreContract { protected override StoreBackend CreateBackend() => new MongoDbBackend(); }
public sealed class MongoDbRatingStoreTests : RatingStoreContract { protected override StoreBackend CreateBackend() => new MongoDbBackend(); }
public sealed class MongoDbRetentionStoreTests : RetentionStoreContract { protected override StoreBackend CreateBackend() => new MongoDbBackend(); }
