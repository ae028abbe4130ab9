using System.Net.Http.Json;
using System.Text.Json;

namespace AskLibrary.Tests.Infrastructure;

public static class Json
{
    public static readonly JsonSerializerOptions Options = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        AskLibrary.Chat.ChatExtensions.Configure(options);
        return options;
    }

    /// <summary>A JSON POST with the console's anti-forgery header.</summary>
    public static HttpRequestMessage Post<T>(string path, T body, string antiforgeryToken) => new(HttpMethod.Post, path)
    {
        Content = JsonContent.Create(body, options: Options),
        Headers = { { "RequestVerificationToken", antiforgeryToken } },
    };

    /// <summary>Sends the request and fails the test with the server's answer unless it succeeded.</summary>
    public static async Task SendOkAsync(HttpClient http, HttpRequestMessage request)
    {
        using (request)
        {
            var response = await http.SendAsync(request);
            Assert.True(response.IsSuccessStatusCode, $"{request.RequestUri}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }
}
