using System.Net;
using AskLibrary.Chat;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;

namespace AskLibrary.Staff;

/// <summary>
/// The sign-in page and the console shell. The pages are static HTML in Staff/Pages with a few
/// placeholders filled here (always HTML-encoded); everything live comes from console.js.
/// </summary>
public static class StaffPages
{
    public static IEndpointRouteBuilder MapStaffPages(this IEndpointRouteBuilder app)
    {
        var pages = Path.Combine(app.ServiceProvider.GetRequiredService<IWebHostEnvironment>().ContentRootPath, "Staff", "Pages");

        app.MapGet("/staff/login", (HttpContext http, IAntiforgery antiforgery, string? returnUrl) =>
            Page(http, antiforgery, Path.Combine(pages, "login.html"), ("returnUrl", SafeReturnUrl(returnUrl)), ("error", "")));

        app.MapPost("/staff/login", async (HttpContext http, IAntiforgery antiforgery, IStaffStore store, LoginThrottle throttle) =>
        {
            if (!await antiforgery.IsRequestValidAsync(http))
                return Results.BadRequest("The form expired; reload the page and sign in again.");
            if (!http.Request.HasFormContentType)
                return Results.BadRequest("Sign in with the form on this page.");
            var form = await http.Request.ReadFormAsync(http.RequestAborted);
            var userName = form["username"].ToString().Trim();
            var password = form["password"].ToString();
            var returnUrl = SafeReturnUrl(form["returnUrl"]);
            var client = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
            if (!throttle.MayTry(userName, client))
                return Page(http, antiforgery, Path.Combine(pages, "login.html"), ("returnUrl", returnUrl),
                    ("error", "尝试次数过多，请稍后再试。Too many attempts; wait a few minutes and try again."), StatusCodes.Status429TooManyRequests);
            var account = userName.Length is > 0 and <= 100 && password.Length is > 0 and <= 200
                ? await StaffAuthentication.VerifyAsync(store, userName, password, http.RequestAborted)
                : null;
            if (account is null)
            {
                throttle.Failed(userName, client);
                return Page(http, antiforgery, Path.Combine(pages, "login.html"), ("returnUrl", returnUrl),
                    ("error", "用户名或密码不正确。Wrong user name or password."), StatusCodes.Status401Unauthorized);
            }
            throttle.Succeeded(userName, client);
            await http.SignInAsync(StaffAuthentication.Scheme, StaffAuthentication.PrincipalFor(account));
            return Results.Redirect(returnUrl == "/staff/" ? HomeOf(account.Role) : returnUrl);
        }).DisableAntiforgery(); // validated explicitly above, so a failure renders a message instead of a bare 400

        app.MapPost("/staff/logout", async (HttpContext http, IAntiforgery antiforgery) =>
        {
            if (!await antiforgery.IsRequestValidAsync(http))
                return Results.BadRequest("The form expired; reload the page.");
            await http.SignOutAsync(StaffAuthentication.Scheme);
            return Results.Redirect("/staff/login");
        }).RequireAuthorization(StaffPolicies.AnyStaff).DisableAntiforgery();

        app.MapGet("/staff/", (HttpContext http, IAntiforgery antiforgery) =>
        {
            var me = StaffAuthentication.IdentityOf(http.User);
            // Managers do not chat: the console would only tell them so; their page is the reports dashboard.
            if (HomeOf(me.Role) != "/staff/")
                return Results.Redirect(HomeOf(me.Role));
            return Page(http, antiforgery, Path.Combine(pages, "console.html"), ("displayName", me.DisplayName), ("role", me.Role));
        }).RequireAuthorization(StaffPolicies.AnyStaff);

        // The editors' workbench: articles, history, synonyms, knowledge gaps (any staff; publishing needs the editor role).
        app.MapGet("/staff/kb", (HttpContext http, IAntiforgery antiforgery) =>
        {
            var me = StaffAuthentication.IdentityOf(http.User);
            return Page(http, antiforgery, Path.Combine(pages, "editor.html"), ("displayName", me.DisplayName), ("role", me.Role));
        }).RequireAuthorization(StaffPolicies.AnyStaff);

        // The reports dashboard (managers and admins); the data comes from /api/reports.
        app.MapGet("/staff/reports", (HttpContext http, IAntiforgery antiforgery) =>
        {
            var me = StaffAuthentication.IdentityOf(http.User);
            return Page(http, antiforgery, Path.Combine(pages, "reports.html"), ("displayName", me.DisplayName), ("role", me.Role));
        }).RequireAuthorization(StaffPolicies.Oversight);

        app.MapGet("/staff/console.css", () => Results.File(Path.Combine(pages, "console.css"), "text/css; charset=utf-8"));
        app.MapGet("/staff/editor.css", () => Results.File(Path.Combine(pages, "editor.css"), "text/css; charset=utf-8"));
        app.MapGet("/staff/reports.css", () => Results.File(Path.Combine(pages, "reports.css"), "text/css; charset=utf-8"));
        return app;
    }

    private static IResult Page(HttpContext http, IAntiforgery antiforgery, string file, params (string Name, string Value)[] values) =>
        Page(http, antiforgery, file, values[0], values[1], StatusCodes.Status200OK);

    private static IResult Page(HttpContext http, IAntiforgery antiforgery, string file, (string Name, string Value) a, (string Name, string Value) b, int status)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        var html = File.ReadAllText(file)
            .Replace("{{antiforgery}}", $"<input type=\"hidden\" name=\"{WebUtility.HtmlEncode(tokens.FormFieldName)}\" value=\"{WebUtility.HtmlEncode(tokens.RequestToken)}\">", StringComparison.Ordinal)
            .Replace("{{" + a.Name + "}}", WebUtility.HtmlEncode(a.Value), StringComparison.Ordinal)
            .Replace("{{" + b.Name + "}}", WebUtility.HtmlEncode(b.Value), StringComparison.Ordinal);
        http.Response.Headers.CacheControl = "no-store";
        return Results.Content(html, "text/html; charset=utf-8", statusCode: status);
    }

    /// <summary>Where a role starts after signing in: the console, except for managers, who do not chat.</summary>
    private static string HomeOf(string role) => role == StaffRoles.Manager ? "/staff/reports" : "/staff/";

    /// <summary>Only local paths, so the sign-in form cannot be used to redirect somewhere else.</summary>
    private static string SafeReturnUrl(string? returnUrl) =>
        returnUrl is { Length: > 0 and < 200 } url && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.Contains('\\')
            ? url
            : "/staff/";
}
