using Microsoft.Extensions.Time.Testing;

namespace AskLibrary.Tests.Infrastructure;

/// <summary>
/// A fresh app per test on a fake clock that starts on a Tuesday at 11:00 in Shanghai, so queue
/// hours, grace periods and waits are decided by the test, not by when it runs.
/// </summary>
public abstract class ChatTestBase : IAsyncLifetime
{
    public static readonly DateTimeOffset Start = new(2026, 11, 24, 3, 0, 0, TimeSpan.Zero);
    private readonly List<IAsyncDisposable> _clients = [];

    protected TestApp App { get; private set; } = null!;
    protected FakeTimeProvider Time { get; } = new(Start);

    protected virtual Dictionary<string, string?>? Settings => null;

    public async Task InitializeAsync()
    {
        await BeforeStartAsync();
        App = await TestApp.StartAsync(Time, Settings);
    }

    /// <summary>Runs before the app starts, e.g. to start an SMTP server whose port goes into <see cref="Settings"/>.</summary>
    protected virtual Task BeforeStartAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var client in _clients)
            await client.DisposeAsync();
        await App.DisposeAsync();
        await AfterStopAsync();
    }

    protected virtual Task AfterStopAsync() => Task.CompletedTask;

    protected async Task<PatronClient> PatronAsync(AskLibrary.Chat.Contracts.VisitorSession? visitor = null) =>
        Track(await PatronClient.ConnectAsync(App, visitor));

    /// <summary>Creates a librarian account and signs them in to the console.</summary>
    protected async Task<LibrarianClient> LibrarianAsync(string userName, string[]? queues = null, int? capacity = null, string role = "librarian", bool available = true)
    {
        await App.AddStaffAsync(userName, role, queues, capacity);
        return Track(await LibrarianClient.ConnectAsync(App, userName, available: available));
    }

    protected T Track<T>(T client) where T : IAsyncDisposable
    {
        _clients.Add(client);
        return client;
    }
}
