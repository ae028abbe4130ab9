using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace AskLibrary.Tests.Infrastructure;

/// <summary>
/// The built server run as a separate OS process (dotnet AskLibrary.Server.dll), so a test can kill it
/// with SIGKILL — no shutdown hooks, no flushing — and start it again on the same data and port.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly string _dataDirectory;
    private readonly bool _ownsDataDirectory;
    private readonly IReadOnlyDictionary<string, string> _settings;
    private Process? _process;
    private readonly Queue<string> _lastErrors = new(); // the server's last stderr lines, for a failed start
    private readonly int? _openFileLimit;
    private readonly string? _build;

    /// <param name="settings">Extra settings as environment variables (e.g. bench/ChatLoad's raised AskLibrary__Limits__*).</param>
    /// <param name="dataDirectory">A data directory shared with other nodes (the caller deletes it); default a new one of its own.</param>
    /// <param name="openFileLimit">The server's open-file limit (`ulimit -n` before it starts); default the test's own.</param>
    /// <param name="build">The directory holding the AskLibrary.Server.dll to run (bench/ChatLoad's --variant-build); default this checkout's build.</param>
    public ServerProcess(IReadOnlyDictionary<string, string>? settings = null, string? dataDirectory = null, int? openFileLimit = null, string? build = null)
    {
        _openFileLimit = openFileLimit;
        _build = build;
        BaseAddress = new Uri($"http://127.0.0.1:{FreePort()}/");
        _settings = settings ?? new Dictionary<string, string>();
        _ownsDataDirectory = dataDirectory is null;
        _dataDirectory = dataDirectory ?? Path.Combine(Path.GetTempPath(), "asklib-proc-" + Guid.NewGuid().ToString("N"));
    }

    public Uri BaseAddress { get; }

    /// <summary>The server's OS process id, for sampling its memory, threads and handles (bench/ChatSoak).</summary>
    public int ProcessId => _process?.Id ?? throw new InvalidOperationException("Not started.");
    public string AdminPassword => TestApp.AdminPassword;

    public async Task StartAsync()
    {
        var dll = Path.Combine(_build ?? Path.Combine(RepoPaths.Server, "bin", BuildConfiguration, "net10.0"), "AskLibrary.Server.dll");
        if (!File.Exists(dll))
            throw new FileNotFoundException("Build the solution first (./test.sh does).", dll);
        string[] arguments = [dll, "--urls", BaseAddress.ToString().TrimEnd('/'), "--contentRoot", RepoPaths.Server];
        // With a limit, bash sets it and execs dotnet in its place: the process id is still the server's.
        var start = _openFileLimit is { } limit
            ? new ProcessStartInfo("bash", ["-c", $"ulimit -n {limit} && exec dotnet \"$@\"", "server", .. arguments])
            : new ProcessStartInfo("dotnet", arguments);
        start.WorkingDirectory = RepoPaths.Server;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.Environment["AskLibrary__DataDirectory"] = _dataDirectory;
        start.Environment["AskLibrary__Bootstrap__AdminPassword"] = AdminPassword;
        start.Environment["AskLibrary__Knowledge__ImportDirectory"] = Path.Combine(_dataDirectory, "no-starter-articles");
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (name, value) in _settings)
            start.Environment[name] = value;
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
                return;
            lock (_lastErrors)
            {
                _lastErrors.Enqueue(e.Data);
                if (_lastErrors.Count > 20)
                    _lastErrors.Dequeue();
            }
        };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        for (var i = 0; i < 450; i++)
        {
            if (_process.HasExited)
            {
                _process.WaitForExit(); // the last stderr lines are read
                lock (_lastErrors)
                    throw new InvalidOperationException(
                        $"The server exited with code {_process.ExitCode} during start. Its last error output:{Environment.NewLine}{string.Join(Environment.NewLine, _lastErrors)}");
            }
            try
            {
                if ((await http.GetAsync("staff/login")).StatusCode == HttpStatusCode.OK)
                    return;
            }
            catch (HttpRequestException) { /* not listening yet */ }
            catch (TaskCanceledException) { /* not answering yet */ }
            await Task.Delay(200);
        }
        throw new TimeoutException("The server did not start within 90 s.");
    }

    /// <summary>SIGKILL: the process gets no chance to flush, close or say goodbye.</summary>
    public void Kill()
    {
        _process!.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
            Kill();
        _process?.Dispose();
        await Task.Delay(100);
        if (!_ownsDataDirectory)
            return;
        try { Directory.Delete(_dataDirectory, recursive: true); }
        catch (IOException) { /* left for the OS temp cleaner */ }
    }

    private static string BuildConfiguration =>
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
