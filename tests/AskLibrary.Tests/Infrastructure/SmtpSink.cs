using System.Diagnostics;
using System.Text.Json;

namespace AskLibrary.Tests.Infrastructure;

/// <summary>
/// A real SMTP server on 127.0.0.1 (npm smtp-server, tests/smtp-sink/sink.mjs) that writes every message it
/// receives as JSON into a temporary folder; the test reads what arrived from there.
/// </summary>
public sealed class SmtpSink : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _folder;

    private SmtpSink(Process process, string folder, int port)
    {
        _process = process;
        _folder = folder;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The app settings that send through this sink: plain SMTP on localhost, with a sign-in.</summary>
    public Dictionary<string, string?> Settings => new()
    {
        ["AskLibrary:Email:Host"] = "127.0.0.1",
        ["AskLibrary:Email:Port"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["AskLibrary:Email:UseTls"] = "false",
        ["AskLibrary:Email:UserName"] = "asklibrary",
        ["AskLibrary:Email:Password"] = "smtp-password",
        ["AskLibrary:Email:From"] = "Ask a Librarian <ask@library.example.edu>",
    };

    public static async Task<SmtpSink> StartAsync()
    {
        var directory = Path.Combine(RepoPaths.Root, "tests", "smtp-sink");
        if (!Directory.Exists(Path.Combine(directory, "node_modules", "smtp-server")))
            throw new InvalidOperationException("Run `npm ci` in tests/smtp-sink first (./test.sh does it through scripts/ensure-deps.sh test).");
        var folder = Path.Combine(Path.GetTempPath(), "asklib-smtp-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var process = Process.Start(new ProcessStartInfo("node", [Path.Combine(directory, "sink.mjs"), folder])
        {
            WorkingDirectory = directory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(20));
        if (line is null || !line.StartsWith("listening ", StringComparison.Ordinal))
            throw new InvalidOperationException("The SMTP sink did not start: " + await process.StandardError.ReadToEndAsync());
        return new SmtpSink(process, folder, int.Parse(line["listening ".Length..], System.Globalization.CultureInfo.InvariantCulture));
    }

    public IReadOnlyList<ReceivedMail> Received() =>
        Directory.GetFiles(_folder, "*.json").Order(StringComparer.Ordinal)
            .Select(f => JsonSerializer.Deserialize<ReceivedMail>(File.ReadAllText(f), Json.Options)!).ToList();

    /// <summary>Waits until a message matching the condition has arrived.</summary>
    public async Task<ReceivedMail> WaitForAsync(Func<ReceivedMail, bool> condition, Action? poke = null)
    {
        for (var i = 0; i < 200; i++)
        {
            if (Received().FirstOrDefault(condition) is { } mail)
                return mail;
            poke?.Invoke();
            await Task.Delay(50);
        }
        throw new TimeoutException("No matching message reached the SMTP sink within 10 s; got: " + string.Join(" | ", Received().Select(m => m.Subject)));
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            _process.StandardInput.Close();
            if (!_process.WaitForExit(3000))
                _process.Kill();
        }
        finally
        {
            _process.Dispose();
            try { Directory.Delete(_folder, recursive: true); }
            catch (IOException) { /* the OS temp cleaner takes it */ }
        }
        await Task.CompletedTask;
    }
}

/// <summary>One message as the sink parsed it.</summary>
public sealed record ReceivedMail(
    string? EnvelopeFrom,
    List<string> EnvelopeTo,
    string? User,
    string? From,
    string? To,
    string? Subject,
    string? Text,
    string? Html);
