using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using AskLibrary.Tests.Infrastructure;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.AspNetCore.SignalR.Client;
using Xunit.Abstractions;

namespace AskLibrary.Tests.Security;

/// <summary>
/// Generated hostile requests to every HTTP endpoint (from the authorization matrix, so new endpoints are
/// included): odd path segments, query strings, bodies of every shape and size, wrong content types, sent by
/// a caller who is allowed in. Each must get a 2xx/3xx/4xx answer — never a server error — and the service
/// must still answer normally afterwards.
/// </summary>
public sealed partial class HttpFuzzTests(ITestOutputHelper output) : ChatTestBase
{
    private const int CasesPerEndpoint = 24;

    [Fact]
    public async Task Hostile_requests_to_every_endpoint_never_cause_a_server_error()
    {
        var visitor = await PatronClient.NewVisitorAsync(App);
        await App.AddStaffAsync("fuzz-admin", "admin");
        var (admin, _, token) = await LibrarianClient.SignInAsync(App, "fuzz-admin", "fuzz-admin-password");
        using var anonymous = App.CreateHttpClient();

        var endpoints = HttpAuthorizationMatrixTests.Rules.Keys
            // SignalR's transports and signing out are not request/response APIs of ours.
            .Where(e => !e.Contains("/hubs/", StringComparison.Ordinal) && e != "POST /staff/logout")
            .Order().ToList();
        var failures = new List<string>();
        var statuses = new SortedDictionary<int, int>();
        var cases = 0;
        foreach (var endpoint in endpoints)
        {
            var space = endpoint.IndexOf(' ');
            var method = new HttpMethod(endpoint[..space]);
            var pattern = endpoint[(space + 1)..];
            var staff = HttpAuthorizationMatrixTests.Rules[endpoint] is not (HttpAuthorizationMatrixTests.Access.Public or HttpAuthorizationMatrixTests.Access.Visitor);
            var requests = Gen.Zip(Fuzz.Segment.ArrayOf(3), Gen.Zip(Fuzz.Query, Fuzz.Body)).Sample(CasesPerEndpoint);
            foreach (var (segments, (query, (contentType, body))) in requests)
            {
                cases++;
                var i = 0;
                var path = RouteParameter().Replace(pattern, _ => segments[i++ % segments.Length]).TrimStart('/');
                using var request = new HttpRequestMessage(method, path + (query.Length > 0 ? "?" + query : ""));
                if (method != HttpMethod.Get && method != HttpMethod.Delete)
                {
                    request.Content = new ByteArrayContent(body);
                    request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType + "; charset=utf-8");
                }
                if (staff)
                    request.Headers.Add("RequestVerificationToken", token);
                else
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", visitor.Token);
                HttpResponseMessage response;
                try
                {
                    response = await (staff ? admin : anonymous).SendAsync(request);
                }
                catch (HttpRequestException) when (body.Length > 64 * 1024)
                {
                    // The server answered 413 and closed the connection before reading a big body: refused early.
                    statuses[413] = statuses.GetValueOrDefault(413) + 1;
                    continue;
                }
                using var _ = response;
                var status = (int)response.StatusCode;
                statuses[status] = statuses.GetValueOrDefault(status) + 1;
                if (status >= 500)
                    failures.Add($"{method} /{path[..Math.Min(path.Length, 120)]} ({contentType}, {body.Length} bytes): {status} {Truncate(await response.Content.ReadAsStringAsync())}");
            }
        }
        output.WriteLine($"HTTP fuzzing: {endpoints.Count} endpoints, {cases} generated requests; statuses: "
            + string.Join(", ", statuses.Select(s => $"{s.Key}×{s.Value}")));
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures.Take(20)));

        // Still serving: the knowledge base answers, a patron connects and sees the queue.
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("api/kb/suggest?q=renew")).StatusCode);
        var patron = await PatronAsync();
        var queue = await patron.Hub.InvokeAsync<AskLibrary.Chat.Contracts.QueueStatus>("GetQueueStatus", "general");
        Assert.Equal("general", queue.QueueId);
    }

    private static string Truncate(string text) => text.Length > 300 ? text[..300] + "…" : text;

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex RouteParameter();
}
