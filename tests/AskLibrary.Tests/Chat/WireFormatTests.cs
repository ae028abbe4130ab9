using System.Net.WebSockets;
using System.Text;
using AskLibrary.Tests.Infrastructure;

namespace AskLibrary.Tests.Chat;

/// <summary>What goes over the wire, read as raw bytes: a patron's widget on a raw WebSocket, as a browser's is.</summary>
public sealed class WireFormatTests : ChatTestBase
{
    private const char RecordSeparator = '\u001e';

    [Fact]
    public async Task Chinese_text_goes_out_as_utf8_in_hub_frames_and_api_responses_and_the_api_escapes_html()
    {
        var librarian = await LibrarianAsync("li");
        var visitor = await PatronClient.NewVisitorAsync(App);
        using var socket = new ClientWebSocket();
        var hub = new UriBuilder(new Uri(App.BaseAddress, "hubs/patron")) { Scheme = "ws", Query = "access_token=" + Uri.EscapeDataString(visitor.Token) }.Uri;
        await socket.ConnectAsync(hub, CancellationToken.None);
        await SendAsync(socket, """{"protocol":"json","version":1}""");
        Assert.Equal("{}", (await ReceiveAsync(socket)).Single());

        const string question = "《红楼梦》在哪一层？<b>急</b>";
        await SendAsync(socket,
            $$"""{"type":1,"invocationId":"1","target":"StartChat","arguments":[{"queueId":"general","question":"{{question}}","clientMessageId":"start-1","language":"zh"}]}""");
        string? added = null;
        while (added is null)
            added = (await ReceiveAsync(socket)).FirstOrDefault(f => f.Contains("\"target\":\"MessageAdded\"", StringComparison.Ordinal));

        // Three bytes a character, as UTF-8, not six as \uXXXX. SignalR's JSON hub protocol writes frames this way itself;
        // the text is only ever shown as text (the widget and the console never insert it as HTML).
        Assert.Contains("《红楼梦》在哪一层？<b>急</b>", added);

        // The API's responses too, and there what HTML would read as markup is escaped.
        var waiting = await librarian.Queues.WaitAsync(q => q.Waiting.Count == 1);
        var transcript = await librarian.Http.GetStringAsync($"api/staff/transcripts/{waiting.Waiting[0].ConversationId}");
        Assert.Contains(@"《红楼梦》在哪一层？\u003Cb\u003E急\u003C/b\u003E", transcript);
        Assert.DoesNotContain(@"\u7EA2", transcript, StringComparison.OrdinalIgnoreCase);
    }

    private static Task SendAsync(ClientWebSocket socket, string json) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(json + RecordSeparator), WebSocketMessageType.Text, true, CancellationToken.None);

    /// <summary>The records of the next WebSocket message, as received bytes decoded (a message may hold several).</summary>
    private static async Task<IReadOnlyList<string>> ReceiveAsync(ClientWebSocket socket)
    {
        var bytes = new MemoryStream();
        var buffer = new byte[16 * 1024];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        WebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(buffer, timeout.Token);
            bytes.Write(buffer, 0, result.Count);
        } while (!result.EndOfMessage);
        return Encoding.UTF8.GetString(bytes.ToArray()).Split(RecordSeparator, StringSplitOptions.RemoveEmptyEntries);
    }
}
