using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR.Client;

namespace AskLibrary.Bench.ChatLoad;

/// <summary>How simulated people behave.</summary>
/// <param name="RatePerPatron">Messages a patron sends per second; each is answered by the librarian (ping-pong).</param>
/// <param name="ChatLength">Patron messages per chat before the patron ends it and starts another.</param>
/// <param name="LibrarianThink">How long a librarian waits before answering.</param>
internal sealed record Workload(double RatePerPatron, int ChatLength, TimeSpan LibrarianThink)
{
    // The shipped per-connection limits are 5 calls/s for a patron and 20/s for a staff tab (ChatHubFilter); the
    // simulation stays under both. A tab answers every message of its chats and accepts each of them once; a patron
    // sends its messages and starts and ends each chat.
    private const double TabCallsPerSecond = 18, PatronCallsPerSecond = 4.5;

    public int ChatsPerTab => Math.Clamp((int)(TabCallsPerSecond / (RatePerPatron * (1 + 1.0 / ChatLength))), 1, 20);
    public int TabsPerLibrarian => Math.Max(1, 20 / ChatsPerTab);
    public double OfferedPerPatron => 2 * RatePerPatron;

    /// <summary>Refuses a workload whose patrons would call faster than a patron connection may (rate_limited errors).</summary>
    public Workload Checked()
    {
        if (RatePerPatron <= 0 || ChatLength < 1)
            throw new ArgumentException("--rate must be above 0 and --chat-length at least 1");
        var patronCalls = RatePerPatron * (1 + 2.0 / ChatLength);
        if (patronCalls > PatronCallsPerSecond)
            throw new ArgumentException($"--rate {RatePerPatron} with --chat-length {ChatLength}: a patron would make {patronCalls:0.#} calls a second " +
                $"(its messages, and a start and an end per chat), over the {PatronCallsPerSecond} this load keeps under the server's limit of 5; " +
                $"use --rate {PatronCallsPerSecond / (1 + 2.0 / ChatLength):0.##} or less");
        return this;
    }
}

/// <summary>
/// Patrons and librarians as real SignalR clients. A patron starts a chat, a librarian tab with a free slot accepts it,
/// then the patron sends a message every 1/rate seconds and waits for the answer before the next; after ChatLength
/// messages it ends the chat and starts another. Latency is send → MessageAdded on the other side.
/// </summary>
internal sealed class ChatSimulation(LoadTarget target, Workload workload) : IAsyncDisposable
{
    private const string Question = "Where can I find the 2024 statistical yearbook, and can I borrow it?";
    private const string PatronText = "Thanks. Is the print edition on the third floor or in closed stacks?";
    private const string LibrarianText = "It is in the reference room on the third floor, shelf mark C832-54.";
    private readonly Channel<HubConnection> _freeSlots = Channel.CreateUnbounded<HubConnection>();
    private readonly List<HubConnection> _connections = [];
    private readonly List<Task> _loops = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly HttpClient _http = target.CreateHttpClient();
    private int _slots, _librarians, _next;

    public Recorder Recorder { get; } = new();
    public int Patrons { get; private set; }
    public int Tabs { get; private set; }
    public double Offered => Patrons * workload.OfferedPerPatron;

    public int Connected
    {
        get
        {
            lock (_connections)
                return _connections.Count(c => c.State == HubConnectionState.Connected);
        }
    }

    /// <summary>Brings the number of patrons up to <paramref name="patrons"/>, with librarians enough to take every chat.</summary>
    public async Task GrowToAsync(int patrons)
    {
        while (_slots < patrons)
            await AddLibrarianAsync();
        var added = Enumerable.Range(Patrons, patrons - Patrons).ToList();
        await Parallel.ForEachAsync(added, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (_, _) =>
        {
            var replies = new SemaphoreSlim(0);
            var hub = await target.ConnectPatronAsync(_http);
            IgnoreOtherEvents(hub, typeof(AskLibrary.Chat.Contracts.IPatronClient), Recorder);
            hub.On<Delivered>("MessageAdded", m =>
            {
                if (Recorder.Delivered(m.ClientMessageId, 'l'))
                    replies.Release();
            });
            lock (_connections)
            {
                _connections.Add(hub);
                _loops.Add(Task.Run(() => PatronLoopAsync(hub, replies)));
            }
        });
        Patrons = patrons;
    }

    private async Task AddLibrarianAsync()
    {
        var tabs = await target.ConnectLibrarianAsync(_librarians++, workload.TabsPerLibrarian, workload.TabsPerLibrarian * workload.ChatsPerTab);
        foreach (var tab in tabs)
        {
            IgnoreOtherEvents(tab, typeof(AskLibrary.Chat.Contracts.IStaffClient), Recorder);
            tab.On<Delivered>("MessageAdded", m =>
            {
                if (Recorder.Delivered(m.ClientMessageId, 'p'))
                    _ = AnswerAsync(tab, m.ConversationId);
            });
            lock (_connections)
                _connections.Add(tab);
            for (var i = 0; i < workload.ChatsPerTab; i++)
                _freeSlots.Writer.TryWrite(tab);
            _slots += workload.ChatsPerTab;
            Tabs++;
        }
    }

    private async Task PatronLoopAsync(HubConnection hub, SemaphoreSlim replies)
    {
        var beat = new Beat(TimeSpan.FromSeconds(1 / workload.RatePerPatron));
        var stop = _stop.Token;
        try
        {
            await beat.NextAsync(stop);
            while (!stop.IsCancellationRequested)
            {
                var tab = await _freeSlots.Reader.ReadAsync(stop);
                string? conversationId = null;
                try
                {
                    conversationId = await target.StartChatAsync(hub, NewId('q'), Question);
                    await target.AcceptAsync(tab, conversationId);
                    Recorder.ChatStarted();
                    for (var i = 0; i < workload.ChatLength && !stop.IsCancellationRequested; i++)
                    {
                        await beat.NextAsync(stop);
                        var id = NewId('p');
                        Recorder.Sent(id);
                        await target.SendAsync(hub, conversationId, id, PatronText);
                        Recorder.Acked();
                        if (!await replies.WaitAsync(TimeSpan.FromSeconds(30), stop))
                            Recorder.Failed("no answer within 30 s");
                    }
                    await target.EndChatAsync(hub, conversationId);
                }
                catch (Exception ex) when (!stop.IsCancellationRequested)
                {
                    Recorder.Failed($"patron: {ex.GetType().Name}: {ex.Message}");
                    // A chat left open would refuse every later start (conversation_open): end it, if it began.
                    if (conversationId is not null)
                        await EndQuietlyAsync(hub, conversationId);
                    await Task.Delay(1000, stop);
                }
                finally
                {
                    _freeSlots.Writer.TryWrite(tab);
                }
            }
        }
        catch (Exception) when (stop.IsCancellationRequested)
        {
            // stopping: a cancelled wait, or a call on a connection DisposeAsync has already closed
        }
    }

    private async Task EndQuietlyAsync(HubConnection hub, string conversationId)
    {
        try
        {
            await target.EndChatAsync(hub, conversationId);
        }
        catch (Exception ex) when (ex is Microsoft.AspNetCore.SignalR.HubException or InvalidOperationException)
        {
            // already ended, or the connection is gone: the error that led here is counted already
        }
    }

    private async Task AnswerAsync(HubConnection tab, string conversationId)
    {
        try
        {
            if (workload.LibrarianThink > TimeSpan.Zero)
                await Task.Delay(workload.LibrarianThink, _stop.Token);
            var id = NewId('l');
            Recorder.Sent(id);
            await target.SendAsync(tab, conversationId, id, LibrarianText);
            Recorder.Acked();
        }
        catch (Exception ex) when (!_stop.IsCancellationRequested)
        {
            Recorder.Failed($"librarian: {ex.GetType().Name}: {ex.Message}");
        }
        catch (Exception) when (_stop.IsCancellationRequested)
        {
            // stopping; an answer to an ended chat is expected then
        }
    }

    private string NewId(char from) => from + Interlocked.Increment(ref _next).ToString("x", System.Globalization.CultureInfo.InvariantCulture) + "_" + Guid.NewGuid().ToString("N")[..12];

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        // Connections first: closing one fails its calls still waiting on an overloaded server, so the loops can end.
        List<HubConnection> all;
        lock (_connections)
            all = [.. _connections];
        await Parallel.ForEachAsync(all, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (c, _) => await c.DisposeAsync());
        await Task.WhenAll(_loops);
        _http.Dispose();
        _stop.Dispose();
    }

    /// <summary>
    /// A patron's own beat: slots one interval apart from a random first one, so patrons are spread evenly over the
    /// interval. A patron sends in the first slot after its previous send, its answer and (for a chat's first message)
    /// the accept, and the slots never move: a timer that fires late delays that send only, and a send that has to wait
    /// past the next slot skips it. (Timing each message from the last send instead let every stall, of the server or of
    /// this process, leave the patrons it held up sending in step from then on: sends bunched into bursts of up to twice
    /// the average rate once per interval, and the late timers lowered the rate actually offered by 1–3 %.)
    /// </summary>
    private sealed class Beat(TimeSpan interval)
    {
        private readonly long _origin = TimeProvider.System.GetTimestamp() + (long)(interval.TotalSeconds * Random.Shared.NextDouble() * TimeProvider.System.TimestampFrequency);
        private readonly long _interval = (long)(interval.TotalSeconds * TimeProvider.System.TimestampFrequency);
        private long _slot = -1; // the last slot used

        /// <summary>Waits for the next slot after now and after the last one used.</summary>
        public async Task NextAsync(CancellationToken stop)
        {
            var now = TimeProvider.System.GetTimestamp();
            var slot = Math.Max(_slot + 1, now < _origin ? 0 : (now - _origin) / _interval + 1);
            _slot = slot;
            var wait = TimeProvider.System.GetElapsedTime(now, _origin + slot * _interval);
            if (wait > TimeSpan.Zero)
                await Task.Delay(wait, stop);
        }
    }

    /// <summary>The fields of MessageAdded the load needs; the rest of the payload is parsed past, on both targets alike.</summary>
    private sealed record Delivered(string ConversationId, long Seq, string? ClientMessageId);

    /// <summary>
    /// A handler for every other event the server's hub sends (queue views, presence, chat updates), that reads past its
    /// payload. Without one the SignalR client throws and catches an exception for each such frame while binding its
    /// arguments, which took 5 % of ChatLoad's CPU under AskLibrary's load (perf, 2026-12-05), CPU the two-core machine's
    /// server then lacked. A widget or console handles these events; the load only needs to read past them, counting
    /// each event and the bytes of its arguments. The echo sends none of them.
    /// </summary>
    private static void IgnoreOtherEvents(HubConnection hub, Type clientInterface, Recorder recorder)
    {
        foreach (var method in clientInterface.GetMethods().Where(m => m.Name != "MessageAdded").DistinctBy(m => m.Name))
            hub.On(method.Name, [.. method.GetParameters().Select(_ => typeof(Skipped))], (args, name) =>
            {
                recorder.OtherEvent((string)name, args.Sum(a => (a as Skipped)?.Bytes ?? 0));
                return Task.CompletedTask;
            }, state: method.Name);
    }

    /// <summary>An argument read past, not bound: only its size in JSON is kept.</summary>
    [System.Text.Json.Serialization.JsonConverter(typeof(SkippedConverter))]
    private sealed record Skipped(long Bytes);

    private sealed class SkippedConverter : System.Text.Json.Serialization.JsonConverter<Skipped>
    {
        public override Skipped? Read(ref System.Text.Json.Utf8JsonReader reader, Type typeToConvert, System.Text.Json.JsonSerializerOptions options)
        {
            var start = reader.TokenStartIndex;
            reader.Skip();
            return new Skipped(reader.BytesConsumed - start);
        }

        public override void Write(System.Text.Json.Utf8JsonWriter writer, Skipped value, System.Text.Json.JsonSerializerOptions options) =>
            throw new NotSupportedException("ChatLoad only reads these events.");
    }
}
