using System.Security.Claims;
using AskLibrary.Chat;
using AskLibrary.Chat.Contracts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;

namespace AskLibrary.Staff;

/// <summary>
/// Authorization policies, least privilege: editors never see chats, managers read but never chat or change,
/// only admins manage staff and settings.
/// </summary>
public static class StaffPolicies
{
    /// <summary>Taking and answering chats and tickets: librarians and admins.</summary>
    public const string Chat = "staff.chat";
    /// <summary>Reading chat records (transcripts, patron profiles, tickets): librarians, managers and admins.</summary>
    public const string ChatRecords = "staff.chat_records";
    /// <summary>Service reports and the audit log: managers and admins.</summary>
    public const string Oversight = "staff.oversight";
    public const string Admin = "staff.admin";
    public const string AnyStaff = "staff.any";
}

/// <summary>Staff sign in with a user name and password and hold an HttpOnly, SameSite=Strict cookie.</summary>
public static class StaffAuthentication
{
    public const string Scheme = CookieAuthenticationDefaults.AuthenticationScheme;
    private static readonly PasswordHasher<StaffAccount> Hasher = new();

    public static StaffIdentity IdentityOf(ClaimsPrincipal? user) =>
        user?.FindFirstValue(ClaimTypes.NameIdentifier) is { } id
            ? new StaffIdentity(id, user.FindFirstValue(ClaimTypes.Name) ?? id, user.FindFirstValue(ClaimTypes.Role) ?? "")
            : throw new ChatException(ErrorCodes.Forbidden, "Sign in as staff first.");

    public static string HashPassword(string password) => Hasher.HashPassword(null!, password);

    /// <summary>Checks a password; returns the account to sign in, or null (unknown user, wrong password, disabled).</summary>
    public static async Task<StaffAccount?> VerifyAsync(IStaffStore store, string userName, string password, CancellationToken ct)
    {
        var account = await store.FindByUserNameAsync(userName, ct);
        if (account is null || account.Disabled)
        {
            Hasher.VerifyHashedPassword(null!, DummyHash, password); // same cost whether or not the user exists
            return null;
        }
        var result = Hasher.VerifyHashedPassword(account, account.PasswordHash, password);
        if (result == PasswordVerificationResult.SuccessRehashNeeded)
        {
            account = account with { PasswordHash = HashPassword(password) };
            await store.ReplaceAsync(account, ct);
        }
        return result == PasswordVerificationResult.Failed ? null : account;
    }

    public static ClaimsPrincipal PrincipalFor(StaffAccount account) => new(new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, account.Id),
            new Claim(ClaimTypes.Name, account.DisplayName),
            new Claim(ClaimTypes.Role, account.Role),
        ], Scheme));

    public static WebApplicationBuilder AddStaffAuthentication(this WebApplicationBuilder builder)
    {
        builder.Services.AddAuthentication(Scheme)
            .AddCookie(Scheme, options =>
            {
                options.Cookie.Name = "asklib.staff";
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Strict;
                options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.LoginPath = "/staff/login";
                options.LogoutPath = "/staff/logout";
                options.AccessDeniedPath = "/staff/login";
                options.ExpireTimeSpan = TimeSpan.FromHours(10);
                options.SlidingExpiration = true;
                // APIs and hubs answer 401/403; only pages redirect to the sign-in form.
                options.Events.OnRedirectToLogin = context => Deny(context, StatusCodes.Status401Unauthorized);
                options.Events.OnRedirectToAccessDenied = context => Deny(context, StatusCodes.Status403Forbidden);
                options.Events.OnValidatePrincipal = ValidateStillActiveAsync;
            })
            .AddScheme<AuthenticationSchemeOptions, Patrons.VisitorAuthentication.Handler>(Patrons.VisitorAuthentication.Scheme, null);

        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(StaffPolicies.Chat, p => p.AddAuthenticationSchemes(Scheme).RequireRole(StaffRoles.Librarian, StaffRoles.Admin))
            .AddPolicy(StaffPolicies.ChatRecords, p => p.AddAuthenticationSchemes(Scheme).RequireRole(StaffRoles.Librarian, StaffRoles.Manager, StaffRoles.Admin))
            .AddPolicy(StaffPolicies.Oversight, p => p.AddAuthenticationSchemes(Scheme).RequireRole(StaffRoles.Manager, StaffRoles.Admin))
            .AddPolicy(StaffPolicies.Admin, p => p.AddAuthenticationSchemes(Scheme).RequireRole(StaffRoles.Admin))
            .AddPolicy(StaffPolicies.AnyStaff, p => p.AddAuthenticationSchemes(Scheme).RequireRole(StaffRoles.All.ToArray()));
        return builder;
    }

    private static Task Deny(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.Path.StartsWithSegments("/api") || context.Request.Path.StartsWithSegments("/hubs"))
            context.Response.StatusCode = status;
        else
            context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }

    /// <summary>A disabled or deleted account loses access at its next request, not when its cookie expires.</summary>
    private static async Task ValidateStillActiveAsync(CookieValidatePrincipalContext context)
    {
        var id = context.Principal?.FindFirstValue(ClaimTypes.NameIdentifier);
        var store = context.HttpContext.RequestServices.GetRequiredService<IStaffStore>();
        var account = id is null ? null : await store.FindAsync(id, context.HttpContext.RequestAborted);
        if (account is null || account.Disabled || account.Role != context.Principal!.FindFirstValue(ClaimTypes.Role))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(Scheme);
        }
    }

    private static readonly string DummyHash = HashPassword("not a real password");
}
