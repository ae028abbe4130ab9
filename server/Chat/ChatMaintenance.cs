namespace AskLibrary.Chat;

/// <summary>Restores the chat service from the store at start, then runs its time-driven rules every second.</summary>
public sealed class ChatMaintenance(ChatService chat, TimeProvider time, ILogger<ChatMaintenance> logger) : BackgroundService, IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Runs before the hosted services (the web server included) stop.</summary>
    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        try
        {
            await chat.AnnounceShutdownAsync().WaitAsync(TimeSpan.FromSeconds(5), cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.MaintenanceFailed(logger, ex);
        }
    }

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // Before the server accepts connections, so nobody sees an empty queue after a restart.
        await chat.InitializeAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await chat.TickAsync();
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Log.MaintenanceFailed(logger, ex);
            }
        }
    }
}
