using AskLibrary.Chat;
using AskLibrary.Knowledge.Articles;
using AskLibrary.Patrons;
using AskLibrary.Reports;
using AskLibrary.Staff;
using AskLibrary.Tickets;

namespace AskLibrary.Tests.Storage.Contracts;

/// <summary>One empty store of one backend, made fresh for each contract test and thrown away after it.</summary>
public abstract class StoreBackend : IAsyncDisposable
{
    public abstract Task StartAsync();

    public abstract ValueTask DisposeAsync();

    public abstract IConversationStore Conversations { get; }
    public abstract ITicketStore Tickets { get; }
    public abstract ITranscriptRequestStore TranscriptRequests { get; }
    public abstract IVisitorStore Visitors { get; }
    public abstract IStaffStore Staff { get; }
    public abstract ICannedResponseStore CannedResponses { get; }
    public abstract IAuditStore Audit { get; }
    public abstract IKnowledgeStore Knowledge { get; }
    public abstract IReportStore Reports { get; }
    public abstract IPatronDirectory PatronDirectory { get; }
    public abstract IPatronActivityStore PatronActivity { get; }
    public abstract AskLibrary.Ratings.IRatingStore Ratings { get; }
    public abstract IRetentionStore Retention { get; }
}

/// <summary>
/// The base of every contract: written once against the interfaces, run per backend by a subclass that only
/// says which backend. Tests are [SkippableFact] so a backend without a server reports them as skipped.
/// </summary>
public abstract class StoreContract : IAsyncLifetime
{
    protected static readonly DateTimeOffset T0 = StoreSamples.T0;
    protected static readonly CancellationToken None = CancellationToken.None;
    private StoreBackend? _backend;

    protected abstract StoreBackend CreateBackend();

    protected StoreBackend Store => _backend ?? throw new InvalidOperationException("The backend has not started.");

    public async Task InitializeAsync()
    {
        var backend = CreateBackend();
        await backend.StartAsync();
        _backend = backend;
    }

    public async Task DisposeAsync()
    {
        if (_backend is not null)
            await _backend.DisposeAsync();
    }
}
