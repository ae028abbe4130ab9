using System.Net;
using AskLibrary.Tests.Infrastructure;

namespace AskLibrary.Tests.Web;

/// <summary>Per-address limits see the patron's address from a trusted proxy, and only from a trusted proxy.</summary>
public sealed class ReverseProxyTests
{
    [Fact]
    public async Task Behind_a_trusted_proxy_each_patron_address_has_its_own_allowance()
    {
        await using var app = await TestApp.StartAsync(settings: new() { ["AskLibrary:ReverseProxies:0"] = "127.0.0.1" });
        using var http = app.CreateHttpClient();
        Assert.Equal(HttpStatusCode.TooManyRequests, await ExhaustAsync(http, "10.1.1.1"));
        // Another patron behind the same proxy is not punished for the first one.
        Assert.Equal(HttpStatusCode.OK, await VisitorTokenAsync(http, "10.1.1.2"));
    }

    [Fact]
    public async Task Without_a_trusted_proxy_a_forged_forwarded_address_changes_nothing()
    {
        await using var app = await TestApp.StartAsync();
        using var http = app.CreateHttpClient();
        Assert.Equal(HttpStatusCode.TooManyRequests, await ExhaustAsync(http, "10.1.1.1"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await VisitorTokenAsync(http, "10.1.1.2"));
    }

    /// <summary>Asks for visitor tokens until the per-address limit (120 a minute) answers.</summary>
    private static async Task<HttpStatusCode> ExhaustAsync(HttpClient http, string address)
    {
        var status = HttpStatusCode.OK;
        for (var i = 0; i < 125 && status == HttpStatusCode.OK; i++)
            status = await VisitorTokenAsync(http, address);
        return status;
    }

    private static async Task<HttpStatusCode> VisitorTokenAsync(HttpClient http, string address)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/visitors") { Headers = { { "X-Forwarded-For", address } } };
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }
}
