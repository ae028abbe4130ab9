using System.Net;
using AskLibrary.Tests.Infrastructure;

namespace AskLibrary.Tests.Web;

/// <summary>Only the library's own sites may embed the widget; staff pages carry strict browser protections.</summary>
public sealed class EmbeddingTests : ChatTestBase
{
    private const string Library = "https://library.example.edu";

    protected override Dictionary<string, string?> Settings => new() { ["AskLibrary:Widget:AllowedOrigins:0"] = Library };

    private async Task<HttpResponseMessage> SendFromAsync(string origin, HttpMethod method, string path, string? bearer = null)
    {
        using var http = App.CreateHttpClient();
        var request = new HttpRequestMessage(method, path) { Headers = { { "Origin", origin } } };
        if (method == HttpMethod.Options)
            request.Headers.Add("Access-Control-Request-Method", "POST");
        if (bearer is not null)
            request.Headers.Authorization = new("Bearer", bearer);
        return await http.SendAsync(request);
    }

    [Fact]
    public async Task The_widget_api_answers_cross_origin_requests_only_from_allowed_sites()
    {
        var allowed = await SendFromAsync(Library, HttpMethod.Options, "api/visitors");
        Assert.Equal(Library, allowed.Headers.GetValues("Access-Control-Allow-Origin").Single());
        var other = await SendFromAsync("https://evil.example", HttpMethod.Options, "api/visitors");
        Assert.False(other.Headers.Contains("Access-Control-Allow-Origin"));
        // The hub's negotiate preflight carries no credentials: it must pass CORS, not fail authentication.
        var negotiate = await SendFromAsync(Library, HttpMethod.Options, "hubs/patron/negotiate?negotiateVersion=1");
        Assert.True(negotiate.IsSuccessStatusCode, $"preflight answered {(int)negotiate.StatusCode}");
        Assert.Equal(Library, negotiate.Headers.GetValues("Access-Control-Allow-Origin").Single());
        var staff = await SendFromAsync(Library, HttpMethod.Options, "api/staff/transcripts");
        Assert.False(staff.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task The_patron_hub_refuses_pages_of_other_sites()
    {
        var visitor = await PatronClient.NewVisitorAsync(App);
        var evil = await SendFromAsync("https://evil.example", HttpMethod.Post, "hubs/patron/negotiate?negotiateVersion=1", visitor.Token);
        Assert.Equal(HttpStatusCode.Forbidden, evil.StatusCode);
        var library = await SendFromAsync(Library, HttpMethod.Post, "hubs/patron/negotiate?negotiateVersion=1", visitor.Token);
        Assert.Equal(HttpStatusCode.OK, library.StatusCode);
        var sameSite = await SendFromAsync(App.BaseAddress.GetLeftPart(UriPartial.Authority), HttpMethod.Post, "hubs/patron/negotiate?negotiateVersion=1", visitor.Token);
        Assert.Equal(HttpStatusCode.OK, sameSite.StatusCode);
    }

    [Fact]
    public async Task Staff_pages_send_a_strict_content_security_policy_and_refuse_framing()
    {
        using var http = App.CreateHttpClient();
        var login = await http.GetAsync("staff/login");
        var csp = login.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self'", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.Equal("DENY", login.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("nosniff", login.Headers.GetValues("X-Content-Type-Options").Single());

        await App.AddStaffAsync("li");
        var (signedIn, cookies, _) = await LibrarianClient.SignInAsync(App, "li", "li-password");
        var cookie = cookies.GetCookies(App.BaseAddress).Single(c => c.Name == "asklib.staff");
        Assert.True(cookie.HttpOnly);
        signedIn.Dispose();
    }
}
