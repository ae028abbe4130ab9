using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using AskLibrary.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace AskLibrary.Tests.Security;

/// <summary>
/// Every HTTP endpoint the server registers × every kind of caller → allowed or denied. The endpoint list
/// comes from the running server, so an endpoint added without a rule here fails the test.
/// </summary>
public sealed partial class HttpAuthorizationMatrixTests(ITestOutputHelper output) : ChatTestBase
{
    public enum Access { Public, Visitor, AnyStaff, Chat, ChatRecords, Editors, Oversight, Admin }

    public enum Caller { Anonymous, Visitor, Librarian, Editor, Manager, Admin }

    /// <summary>The rules: "METHOD /pattern" → who may call it. Least privilege: each endpoint names the narrowest group.</summary>
    public static readonly IReadOnlyDictionary<string, Access> Rules = new Dictionary<string, Access>
    {
        // The patron side: anyone may get a visitor token and read the public knowledge base.
        ["POST /api/visitors"] = Access.Public,
        ["* /hubs/patron/negotiate"] = Access.Visitor,
        ["* /hubs/patron"] = Access.Visitor,
        ["GET /api/kb/suggest"] = Access.Public,
        ["GET /api/kb/articles/{id}"] = Access.Public,
        ["POST /api/kb/feedback"] = Access.Public,
        ["GET /kb"] = Access.Public,
        ["GET /kb/search"] = Access.Public,
        ["GET /kb/{id}"] = Access.Public,
        // Sign-in.
        ["GET /staff/login"] = Access.Public,
        ["POST /staff/login"] = Access.Public,
        ["POST /staff/logout"] = Access.AnyStaff,
        // Staff pages.
        ["GET /staff/"] = Access.AnyStaff,
        ["GET /staff/kb"] = Access.AnyStaff,
        ["GET /staff/console.css"] = Access.Public,
        ["GET /staff/editor.css"] = Access.Public,
        ["GET /staff/reports"] = Access.Oversight,
        ["GET /staff/reports.css"] = Access.Public,
        // The chat console: librarians and admins chat; managers also read transcripts (read-only).
        ["* /hubs/staff/negotiate"] = Access.Chat,
        ["* /hubs/staff"] = Access.Chat,
        ["GET /api/staff/me"] = Access.Chat,
        ["GET /api/staff/transcripts"] = Access.ChatRecords,
        ["GET /api/staff/transcripts/{id}"] = Access.ChatRecords,
        ["GET /api/staff/canned"] = Access.Chat,
        ["POST /api/staff/canned"] = Access.Chat,
        ["PUT /api/staff/canned/{id}"] = Access.Chat,
        ["DELETE /api/staff/canned/{id}"] = Access.Chat,
        ["GET /api/staff/offline-questions"] = Access.Chat,
        // Tickets: librarians and admins work them, managers also read them (the overdue view); who may claim, answer or close is the ticket service's rule.
        ["GET /api/staff/tickets/settings"] = Access.ChatRecords,
        ["GET /api/staff/tickets/"] = Access.ChatRecords,
        ["POST /api/staff/tickets/"] = Access.Chat,
        ["POST /api/staff/tickets/from-chat/{conversationId}"] = Access.Chat,
        ["GET /api/staff/tickets/{id}"] = Access.ChatRecords,
        ["POST /api/staff/tickets/{id}/claim"] = Access.Chat,
        ["POST /api/staff/tickets/{id}/release"] = Access.Chat,
        ["POST /api/staff/tickets/{id}/notes"] = Access.Chat,
        ["POST /api/staff/tickets/{id}/answer"] = Access.Chat,
        ["POST /api/staff/tickets/{id}/status"] = Access.Chat,
        // Knowledge base for staff: every role reads (managers too); the service decides who publishes.
        ["GET /api/staff/kb/suggest"] = Access.AnyStaff,
        ["GET /api/staff/kb/articles/{id}"] = Access.AnyStaff,
        ["POST /api/staff/kb/events"] = Access.AnyStaff,
        ["GET /api/editor/articles"] = Access.AnyStaff,
        ["GET /api/editor/articles/{id}"] = Access.AnyStaff,
        ["POST /api/editor/articles"] = Access.AnyStaff,
        ["PUT /api/editor/articles/{id}"] = Access.AnyStaff,
        ["GET /api/editor/articles/{id}/versions"] = Access.AnyStaff,
        ["GET /api/editor/articles/{id}/diff"] = Access.AnyStaff,
        ["POST /api/editor/articles/{id}/restore/{version:int}"] = Access.AnyStaff,
        ["POST /api/editor/preview"] = Access.AnyStaff,
        ["GET /api/editor/export"] = Access.AnyStaff,
        ["GET /api/editor/gaps"] = Access.AnyStaff,
        ["GET /api/editor/drafts/from-chat/{conversationId}"] = Access.AnyStaff,
        ["GET /api/editor/synonyms"] = Access.AnyStaff,
        ["PUT /api/editor/synonyms"] = Access.Editors,
        // Administration: admins; the audit log also managers; patron profiles librarians (own chats), managers and admins.
        ["GET /api/admin/staff"] = Access.Admin,
        ["POST /api/admin/staff"] = Access.Admin,
        ["GET /api/admin/blocks"] = Access.Admin,
        ["GET /api/admin/audit"] = Access.Oversight,
        // A chat's topic tags and READ scale: readable by chat staff; the service decides who may change them.
        ["GET /api/staff/conversations/{id}/classification"] = Access.Chat,
        ["PUT /api/staff/conversations/{id}/classification"] = Access.Chat,
        ["GET /api/staff/patrons/{visitorId}"] = Access.ChatRecords,
        ["PUT /api/staff/patrons/{visitorId}/key-patron"] = Access.Chat,
        // A librarian's own ratings (admins may name a staff id).
        ["GET /api/staff/ratings"] = Access.Chat,
        ["GET /api/admin/patrons/{visitorId}/export"] = Access.Admin,
        ["DELETE /api/admin/patrons/{visitorId}"] = Access.Admin,
        ["DELETE /api/admin/blocks/{visitorId}"] = Access.Admin,
        // Identified patrons: CSV import, duplicate suggestions, merges and erasure by card number (docs/crm.md).
        ["POST /api/admin/patrons/import"] = Access.Admin,
        ["GET /api/admin/patrons/duplicates"] = Access.Admin,
        ["POST /api/admin/patrons/merges"] = Access.Admin,
        ["GET /api/admin/patrons/merges"] = Access.Admin,
        ["DELETE /api/admin/patrons/merges/{id}"] = Access.Admin,
        ["DELETE /api/admin/patrons/records/{cardNumber}"] = Access.Admin,
        // Reports: managers and admins.
        ["GET /api/reports"] = Access.Oversight,
        ["GET /api/reports/{name}"] = Access.Oversight,
        ["GET /api/reports/{name}.csv"] = Access.Oversight,
    };

    private static bool Allows(Access access, Caller caller) => access switch
    {
        Access.Public => true,
        Access.Visitor => caller == Caller.Visitor,
        Access.AnyStaff => caller is Caller.Librarian or Caller.Editor or Caller.Manager or Caller.Admin,
        Access.Chat => caller is Caller.Librarian or Caller.Admin,
        Access.ChatRecords => caller is Caller.Librarian or Caller.Manager or Caller.Admin,
        Access.Editors => caller is Caller.Editor or Caller.Admin,
        Access.Oversight => caller is Caller.Manager or Caller.Admin,
        Access.Admin => caller == Caller.Admin,
        _ => throw new ArgumentOutOfRangeException(nameof(access)),
    };

    [Fact]
    public void Every_registered_endpoint_has_exactly_one_rule()
    {
        var registered = RegisteredEndpoints();
        var missing = registered.Except(Rules.Keys).Order().ToList();
        var stale = Rules.Keys.Except(registered).Order().ToList();
        Assert.True(missing.Count == 0, "Endpoints without an authorization rule: " + string.Join(", ", missing));
        Assert.True(stale.Count == 0, "Rules for endpoints that no longer exist: " + string.Join(", ", stale));
    }

    [Fact]
    public async Task Every_endpoint_admits_exactly_the_callers_its_rule_names()
    {
        var callers = new Dictionary<Caller, (HttpClient Http, string? Token)>
        {
            [Caller.Anonymous] = (App.CreateHttpClient(), null),
            [Caller.Visitor] = await VisitorAsync(),
            [Caller.Librarian] = await StaffAsync("matrix-librarian", "librarian"),
            [Caller.Editor] = await StaffAsync("matrix-editor", "editor"),
            [Caller.Manager] = await StaffAsync("matrix-manager", "manager"),
            [Caller.Admin] = await StaffAsync("matrix-admin", "admin"),
        };
        var failures = new List<string>();
        var cells = 0;
        // Signing out last: it ends the session the other requests use.
        foreach (var endpoint in RegisteredEndpoints().OrderBy(e => e == "POST /staff/logout"))
        {
            var access = Rules[endpoint];
            foreach (var (caller, (http, token)) in callers)
            {
                cells++;
                using var request = RequestFor(endpoint, token, caller);
                using var response = await http.SendAsync(request);
                var status = (int)response.StatusCode;
                var denied = response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
                    || IsSignInChallenge(response);
                if (status >= 500)
                    failures.Add($"{endpoint} as {caller}: {status} (a server error for a well-formed call)");
                else if (Allows(access, caller) == denied)
                    failures.Add($"{endpoint} as {caller}: expected {(Allows(access, caller) ? "allowed" : "denied")}, got {status}");
            }
        }
        output.WriteLine($"authorization matrix: {Rules.Count} endpoints × {callers.Count} callers = {cells} cells checked");
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    /// <summary>A staff page answers an anonymous caller by sending them to sign in and back (signing out also lands there, without a return URL).</summary>
    private static bool IsSignInChallenge(HttpResponseMessage response) =>
        response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.OriginalString is { } location
        && location.Contains("/staff/login", StringComparison.Ordinal) && location.Contains("returnurl=", StringComparison.OrdinalIgnoreCase);

    private HashSet<string> RegisteredEndpoints()
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (var endpoint in App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var pattern = "/" + endpoint.RoutePattern.RawText!.TrimStart('/');
            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["*"];  // "*": any method (SignalR's negotiate)
            foreach (var method in methods)
                set.Add($"{method} {pattern}");
        }
        return set;
    }

    private static HttpRequestMessage RequestFor(string endpoint, string? token, Caller caller)
    {
        var space = endpoint.IndexOf(' ');
        var verb = endpoint[..space];
        var method = verb == "*" ? HttpMethod.Post : new HttpMethod(verb);
        var path = RouteParameter().Replace(endpoint[(space + 1)..], m => m.Groups[1].Value.Contains(":int", StringComparison.Ordinal) ? "1" : "matrix-id");
        // Query parameters some endpoints require, so an allowed caller gets past binding.
        if (path.EndsWith("/diff", StringComparison.Ordinal))
            path += "?from=1&to=2";
        var request = new HttpRequestMessage(method, path.TrimStart('/'));
        if (method != HttpMethod.Get && method != HttpMethod.Delete)
            request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        if (caller == Caller.Visitor && token is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        else if (token is not null)
            request.Headers.Add("RequestVerificationToken", token);
        return request;
    }

    private async Task<(HttpClient, string?)> VisitorAsync()
    {
        var visitor = await PatronClient.NewVisitorAsync(App);
        return (App.CreateHttpClient(), visitor.Token);
    }

    private async Task<(HttpClient, string?)> StaffAsync(string userName, string role)
    {
        await App.AddStaffAsync(userName, role);
        var (http, _, token) = await LibrarianClient.SignInAsync(App, userName, userName + "-password");
        return (http, token);
    }

    [GeneratedRegex(@"\{([^}]+)\}")]
    private static partial Regex RouteParameter();
}
