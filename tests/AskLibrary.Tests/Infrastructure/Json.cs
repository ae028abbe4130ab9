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
}
