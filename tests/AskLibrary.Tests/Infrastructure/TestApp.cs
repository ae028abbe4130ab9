using System.Net;
using AskLibrary.Staff;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace AskLibrary.Tests.Infrastructure;

/// <summary>
/// The real application on Kestrel at 127.0.0.1 on a free port, with its own temporary data
/// directory. Each test builds its own; RestartAsync stops and starts it on the same data.
/// </summary>
public sealed class TestApp : IAsyncDisposable
{
    public const string AdminPassword = "admin-password-for-tests";
    private readonly Dictionary<string, string?> _settings;
    private readonly bool _ownsDirectory;
    private WebApplication? _app;

    private TestApp(Dictionary<string, string?> settings, string dataDirectory, FakeTimeProvider? time, bool ownsDirectory)
    {
        _settings = settings;
        DataDirectory = dataDirectory;
        Time = time;
        _ownsDirectory = ownsDirectory;
    }

    public string DataDirectory { get; }
    public FakeTimeProvider? Time { get; }
    public Uri BaseAddress { get; private set; } = null!;
    public IServiceProvider Services => _app!.Services;

    /// <summary>A general queue (offer, always open), an auto queue falling back to general, and a desk with office hours.</summary>
    public static Dictionary<string, string?> DefaultQueues() => new()
    {
        ["AskLibrary:Queues:0:Id"] = "general",
        ["AskLibrary:Queues:0:Name"] = "General reference",
        ["AskLibrary:Queues:0:Policy"] = "offer",
        ["AskLibrary:Queues:1:Id"] = "research",
        ["AskLibrary:Queues:1:Name"] = "Subject librarians",
        ["AskLibrary:Queues:1:Policy"] = "auto",
        ["AskLibrary:Queues:1:Fallback"] = "general",
        ["AskLibrary:Queues:2:Id"] = "law",
        ["AskLibrary:Queues:2:Name"] = "Law desk",
        ["AskLibrary:Queues:2:Policy"] = "offer",
        ["AskLibrary:Queues:2:TimeZone"] = "Asia/Shanghai",
        ["AskLibrary:Queues:2:Hours:mon"] = "09:00-17:00",
        ["AskLibrary:Queues:2:Hours:tue"] = "09:00-17:00",
        ["AskLibrary:Queues:2:Hours:wed"] = "09:00-17:00",
        ["AskLibrary:Queues:2:Hours:thu"] = "09:00-17:00",
        ["AskLibrary:Queues:2:Hours:fri"] = "09:00-17:00",
    };

    public static async Task<TestApp> StartAsync(FakeTimeProvider? time = null, Dictionary<string, string?>? settings = null)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "asklib-test-" + Guid.NewGuid().ToString("N"));
        var all = DefaultQueues();
        all["AskLibrary:DataDirectory"] = dataDirectory;
        all["AskLibrary:Bootstrap:AdminPassword"] = AdminPassword;
        all["AskLibrary:Chat:LibrarianGracePeriod"] = "00:00:30";
        all["AskLibrary:Chat:AbandonAfter"] = "00:05:00";
        all["Logging:LogLevel:Default"] = "Warning";
        // No starter articles unless a test asks for them: each test's knowledge base holds what it adds.
        all["AskLibrary:Knowledge:ImportDirectory"] = Path.Combine(dataDirectory, "no-starter-articles");
        foreach (var (key, value) in settings ?? [])
            all[key] = value;
        var app = new TestApp(all, dataDirectory, time, ownsDirectory: true);
        await app.StartAppAsync();
        return app;
    }

    private async Task StartAppAsync()
    {
        var options = new WebApplicationOptions { ContentRootPath = RepoPaths.Server, EnvironmentName = "Testing" };
        _app = Program.Build([], options, builder =>
        {
            // Only what the test says: appsettings.json's demo queues must not leak in.
            builder.Configuration.Sources.Clear();
            builder.Configuration.AddInMemoryCollection(_settings);
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            if (Time is not null)
                builder.Services.AddSingleton<TimeProvider>(Time);
        });
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address.EndsWith('/') ? address : address + "/");
    }

    /// <summary>Stops the server as an operator would and starts it again on the same data directory and port-free address.</summary>
    public async Task RestartAsync()
    {
        await _app!.StopAsync();
        await _app.DisposeAsync();
        await StartAppAsync();
    }

    public HttpClient CreateHttpClient(CookieContainer? cookies = null) =>
        new(new HttpClientHandler { CookieContainer = cookies ?? new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = BaseAddress };

    /// <summary>Adds a staff account straight to the store (the admin API is tested on its own).</summary>
    public async Task<StaffAccount> AddStaffAsync(string userName, string role = StaffRoles.Librarian, string[]? queues = null, int? capacity = null, string? displayName = null)
    {
        var time = Services.GetRequiredService<TimeProvider>();
        var account = AdminApi.Validate(new AdminApi.NewStaffAccount(userName, displayName ?? userName, role, userName + "-password", [.. queues ?? []], capacity), time);
        await Services.GetRequiredService<IStaffStore>().AddAsync(account, CancellationToken.None);
        return account;
    }

    /// <summary>Polls the chat service until a condition holds, e.g. that it has seen a disconnect.</summary>
    public async Task WaitUntilAsync(Func<AskLibrary.Chat.ChatService, Task<bool>> condition)
    {
        var chat = Services.GetRequiredService<AskLibrary.Chat.ChatService>();
        for (var i = 0; i < 300; i++)
        {
            if (await condition(chat))
                return;
            await Task.Delay(50);
        }
        throw new TimeoutException("The server did not reach the expected state within 15 s.");
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        if (_ownsDirectory)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(DataDirectory, recursive: true); }
            catch (IOException) { /* a file still held open by a finishing connection: the OS temp cleaner takes it */ }
        }
    }
}
