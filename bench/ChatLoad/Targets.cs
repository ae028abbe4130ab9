using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using AskLibrary.Chat.Contracts;
using AskLibrary.Staff;
using AskLibrary.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace AskLibrary.Bench.ChatLoad;

/// <summary>A server started as its own OS process, and how a patron and a librarian talk to it.</summary>
internal abstract class LoadTarget : IAsyncDisposable
{
    public abstract string Name { get; }
    public abstract int ProcessId { get; }
    protected abstract Uri BaseAddress { get; }

    public abstract Task StartAsync();

    /// <summary>A connected patron (for AskLibrary: a new visitor token first).</summary>
    public abstract Task<HubConnection> ConnectPatronAsync(HttpClient http);

    /// <summary>A librarian account with its console tabs, each a staff hub connection.</summary>
    public abstract Task<HubConnection[]> ConnectLibrarianAsync(int number, int tabs, int capacity);

    public abstract Task<string> StartChatAsync(HubConnection patron, string clientMessageId, string question);
    public abstract Task AcceptAsync(HubConnection librarianTab, string conversationId);
    public abstract Task EndChatAsync(HubConnection patron, string conversationId);

    public Task<SendAck> SendAsync(HubConnection connection, string conversationId, string clientMessageId, string text) =>
        connection.InvokeAsync<SendAck>("SendMessage", conversationId, clientMessageId, text);

    public HttpClient CreateHttpClient() => new() { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };

    protected HubConnection Build(string hub, Action<Microsoft.AspNetCore.Http.Connections.Client.HttpConnectionOptions> configure)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(BaseAddress, hub), options =>
            {
                // Straight to a WebSocket, as a browser's client does once its negotiate request has gone: the server
                // holds one socket per client. With negotiation each client's own HttpClient kept that request's
                // connection open as well, two sockets per client in the server (docs/performance.md, "Commands").
                options.SkipNegotiation = true;
                options.Transports = Microsoft.AspNetCore.Http.Connections.HttpTransportType.WebSockets;
                configure(options);
            })
            .AddJsonProtocol(o => AskLibrary.Chat.ChatExtensions.Configure(o.PayloadSerializerOptions))
            .Build();
        // A loaded two-core machine can starve keep-alives; the defaults (30 s) would count a slow server as a lost one.
        connection.ServerTimeout = TimeSpan.FromSeconds(120);
        connection.HandshakeTimeout = TimeSpan.FromSeconds(60);
        return connection;
    }

    public abstract ValueTask DisposeAsync();
}

/// <summary>The real server (the built AskLibrary.Server.dll) with its per-address limits raised: all load comes from 127.0.0.1.</summary>
internal sealed class AskLibraryTarget : LoadTarget
{
    /// <summary>Per-address limits only; per-connection limits stay as shipped and the simulation respects them.</summary>
    public static readonly IReadOnlyDictionary<string, string> RaisedLimits = new Dictionary<string, string>
    {
        ["AskLibrary__Limits__HubBurstPerAddress"] = "10000000",
        ["AskLibrary__Limits__PatronHubCallsPerAddressPerSecond"] = "10000000",
        ["AskLibrary__Limits__StaffHubCallsPerAddressPerSecond"] = "10000000",
        ["AskLibrary__Limits__VisitorTokensPerMinute"] = "10000000",
    };

    private readonly ServerProcess _server;
    private HttpClient? _admin;
    private string _token = "";

    /// <param name="environment">More settings or runtime variables for the server (ChatLoad's --variant), over these.</param>
    /// <param name="build">The directory of another build of the server (ChatLoad's --variant-build); default this checkout's.</param>
    /// <param name="name">What the reports call it: "variant" for that second server.</param>
    public AskLibraryTarget(IReadOnlyDictionary<string, string>? environment = null, string? build = null, string name = "asklibrary")
    {
        Name = name;
        var settings = new Dictionary<string, string>(RaisedLimits);
        foreach (var (setting, value) in environment ?? new Dictionary<string, string>())
            settings[setting] = value;
        _server = new ServerProcess(settings, build: build);
    }

    public override string Name { get; }
    public override int ProcessId => _server.ProcessId;
    protected override Uri BaseAddress => _server.BaseAddress;

    public override async Task StartAsync()
    {
        await _server.StartAsync();
        (_admin, _, _token) = await LibrarianClient.SignInAsync(_server.BaseAddress, "admin", _server.AdminPassword);
    }

    public override async Task<HubConnection> ConnectPatronAsync(HttpClient http)
    {
        using var response = await http.PostAsync("api/visitors", null);
        response.EnsureSuccessStatusCode();
        var visitor = (await response.Content.ReadFromJsonAsync<VisitorSession>())!;
        var connection = Build("hubs/patron", o => o.AccessTokenProvider = () => Task.FromResult<string?>(visitor.Token));
        await connection.StartAsync();
        return connection;
    }

    public override async Task<HubConnection[]> ConnectLibrarianAsync(int number, int tabs, int capacity)
    {
        var account = new AdminApi.NewStaffAccount($"load{number}", $"Load {number}", StaffRoles.Librarian, $"load{number}-password", [], capacity);
        using var created = await _admin!.SendAsync(Json.Post("api/admin/staff", account, _token));
        created.EnsureSuccessStatusCode();
        var (http, cookies, _) = await LibrarianClient.SignInAsync(BaseAddress, $"load{number}", $"load{number}-password");
        http.Dispose();
        var connections = new HubConnection[tabs];
        for (var i = 0; i < tabs; i++)
        {
            connections[i] = Build("hubs/staff", o => o.Cookies = cookies);
            await connections[i].StartAsync();
        }
        return connections;
    }

    public override async Task<string> StartChatAsync(HubConnection patron, string clientMessageId, string question) =>
        (await patron.InvokeAsync<ChatState>("StartChat", new StartChatRequest("general", question, clientMessageId, null, "en"))).ConversationId;

    public override Task AcceptAsync(HubConnection librarianTab, string conversationId) =>
        librarianTab.InvokeAsync<ChatSummary>("Accept", conversationId);

    public override Task EndChatAsync(HubConnection patron, string conversationId) =>
        patron.InvokeAsync<ChatState>("EndChat", conversationId);

    public override async ValueTask DisposeAsync()
    {
        _admin?.Dispose();
        await _server.DisposeAsync();
    }
}

/// <summary>
/// bench/EchoServer: the same calls on bare SignalR hubs, no authentication; no persistence, or (persisting) each
/// message inserted into SQLite by a group-committing writer before it is sent.
/// </summary>
internal sealed class EchoTarget(bool persisting = false) : LoadTarget
{
    private readonly Uri _baseAddress = new($"http://127.0.0.1:{FreePort()}/");
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "chatload-echo-" + Guid.NewGuid().ToString("N"));
    private Process? _process;

    public override string Name => persisting ? "persisting-echo" : "echo";
    public override int ProcessId => _process?.Id ?? throw new InvalidOperationException("Not started.");
    protected override Uri BaseAddress => _baseAddress;

    public override async Task StartAsync()
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        var dll = Path.Combine(RepoPaths.Root, "bench", "EchoServer", "bin", configuration, "net10.0", "AskLibrary.Bench.EchoServer.dll");
        if (!File.Exists(dll))
            throw new FileNotFoundException("Build the solution first.", dll);
        string[] persist = [];
        if (persisting)
        {
            Directory.CreateDirectory(_dataDirectory);
            persist = ["--persist", Path.Combine(_dataDirectory, "echo.db")];
        }
        var start = new ProcessStartInfo("dotnet", [dll, "--urls", _baseAddress.ToString().TrimEnd('/'), .. persist])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        using var http = CreateHttpClient();
        for (var i = 0; i < 150; i++)
        {
            try
            {
                if ((await http.GetAsync("")).StatusCode == HttpStatusCode.OK)
                    return;
            }
            catch (HttpRequestException) { /* not listening yet */ }
            await Task.Delay(200);
        }
        throw new TimeoutException("The echo server did not start within 30 s.");
    }

    public override async Task<HubConnection> ConnectPatronAsync(HttpClient http)
    {
        var connection = Build("hubs/patron", _ => { });
        await connection.StartAsync();
        return connection;
    }

    public override async Task<HubConnection[]> ConnectLibrarianAsync(int number, int tabs, int capacity)
    {
        var connections = new HubConnection[tabs];
        for (var i = 0; i < tabs; i++)
        {
            connections[i] = Build("hubs/staff", _ => { });
            await connections[i].StartAsync();
        }
        return connections;
    }

    public override Task<string> StartChatAsync(HubConnection patron, string clientMessageId, string question) =>
        patron.InvokeAsync<string>("StartChat", clientMessageId, question);

    public override Task AcceptAsync(HubConnection librarianTab, string conversationId) =>
        librarianTab.InvokeAsync("Accept", conversationId);

    public override Task EndChatAsync(HubConnection patron, string conversationId) =>
        patron.InvokeAsync("EndChat", conversationId);

    public override async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process?.Dispose();
        if (Directory.Exists(_dataDirectory))
            Directory.Delete(_dataDirectory, recursive: true);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
