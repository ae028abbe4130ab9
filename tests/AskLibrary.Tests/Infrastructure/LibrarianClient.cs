using System.Net;
using System.Text.RegularExpressions;
using AskLibrary.Chat.Contracts;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace AskLibrary.Tests.Infrastructure;

/// <summary>A librarian's console as a real client: signs in through the form, then connects to the staff hub with the cookie.</summary>
public sealed partial class LibrarianClient : IAsyncDisposable
{
    private LibrarianClient(HubConnection hub, HttpClient http, string antiforgeryToken, string staffId)
    {
        Hub = hub;
        Http = http;
        AntiforgeryToken = antiforgeryToken;
        StaffId = staffId;
        hub.On<QueueView>(nameof(IStaffClient.QueueChanged), Queues.Add);
        hub.On<ChatSummary>(nameof(IStaffClient.ChatAssigned), Assigned.Add);
        hub.On<ChatUnassigned>(nameof(IStaffClient.ChatUnassigned), Unassigned.Add);
        hub.On<ChatSummary>(nameof(IStaffClient.ChatUpdated), Updates.Add);
        hub.On<ChatMessage>(nameof(IStaffClient.MessageAdded), Messages.Add);
        hub.On<TypingEvent>(nameof(IStaffClient.TypingChanged), Typing.Add);
        hub.On<List<LibrarianPresence>>(nameof(IStaffClient.PresenceChanged), changed =>
        {
            PresenceRounds.Add(changed);
            changed.ForEach(Presence.Add);
        });
    }

    public HubConnection Hub { get; }
    /// <summary>An HTTP client holding this librarian's sign-in cookie.</summary>
    public HttpClient Http { get; }
    public string AntiforgeryToken { get; }
    public string StaffId { get; private set; }
    public EventLog<QueueView> Queues { get; } = new();
    /// <summary>Each PresenceChanged as it came: the librarians one publication round carried.</summary>
    public EventLog<IReadOnlyList<LibrarianPresence>> PresenceRounds { get; } = new();
    public EventLog<ChatSummary> Assigned { get; } = new();
    public EventLog<ChatUnassigned> Unassigned { get; } = new();
    public EventLog<ChatSummary> Updates { get; } = new();
    public EventLog<ChatMessage> Messages { get; } = new();
    public EventLog<TypingEvent> Typing { get; } = new();
    public EventLog<LibrarianPresence> Presence { get; } = new();

    /// <summary>Signs in and returns an HTTP client with the cookie and the page's anti-forgery token.</summary>
    public static Task<(HttpClient Http, CookieContainer Cookies, string Token)> SignInAsync(TestApp app, string userName, string password) =>
        SignInAsync(app.BaseAddress, userName, password);

    public static async Task<(HttpClient Http, CookieContainer Cookies, string Token)> SignInAsync(Uri server, string userName, string password)
    {
        var cookies = new CookieContainer();
        var http = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = server };
        var page = await http.GetStringAsync("staff/login");
        var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = TokenOf(page),
            ["username"] = userName,
            ["password"] = password,
            ["returnUrl"] = "/staff/",
        });
        var response = await http.PostAsync("staff/login", form);
        if (response.StatusCode != HttpStatusCode.Redirect)
            throw new InvalidOperationException($"Sign-in as {userName} failed: {(int)response.StatusCode}");
        // The anti-forgery token for API writes is bound to the signed-in user, so take it from the page sign-in leads to
        // (the console; the reports dashboard for managers).
        var home = await http.GetStringAsync(response.Headers.Location!.OriginalString.TrimStart('/'));
        return (http, cookies, TokenOf(home));
    }

    public static Task<LibrarianClient> ConnectAsync(TestApp app, string userName, string? password = null, bool available = true) =>
        ConnectAsync(app.BaseAddress, userName, password, available);

    public static async Task<LibrarianClient> ConnectAsync(Uri server, string userName, string? password = null, bool available = true, bool reconnect = false)
    {
        var (http, cookies, token) = await SignInAsync(server, userName, password ?? userName + "-password");
        var builder = new HubConnectionBuilder()
            .WithUrl(new Uri(server, "hubs/staff"), o => o.Cookies = cookies)
            .AddJsonProtocol(o => AskLibrary.Chat.ChatExtensions.Configure(o.PayloadSerializerOptions));
        if (reconnect)
            builder.WithAutomaticReconnect(new KeepTrying());
        var hub = builder.Build();
        var staffId = "";
        var client = new LibrarianClient(hub, http, token, staffId);
        await hub.StartAsync();
        var snapshot = await hub.InvokeAsync<StaffSnapshot>("GetSnapshot");
        client.StaffId = snapshot.Me.StaffId;
        if (!available)
            await hub.InvokeAsync<LibrarianPresence>("SetPresence", AskLibrary.Chat.Contracts.Presence.Away);
        return client;
    }

    public Task<ChatSummary> AcceptAsync(string conversationId) => Hub.InvokeAsync<ChatSummary>("Accept", conversationId);

    public Task<SendAck> SendAsync(string conversationId, string text, string? clientMessageId = null) =>
        Hub.InvokeAsync<SendAck>("SendMessage", conversationId, clientMessageId ?? PatronClient.NewClientId(), text);

    public static string TokenOf(string html) => AntiforgeryInput().Match(html) is { Success: true } m
        ? WebUtility.HtmlDecode(m.Groups[1].Value)
        : throw new InvalidOperationException("No anti-forgery token in the page.");

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryInput();

    public async ValueTask DisposeAsync()
    {
        await Hub.DisposeAsync();
        Http.Dispose();
    }
}
