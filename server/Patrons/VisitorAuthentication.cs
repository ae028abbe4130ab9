using System.Security.Claims;
using System.Text.Encodings.Web;
using AskLibrary.Chat;
using AskLibrary.Chat.Contracts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace AskLibrary.Patrons;

/// <summary>
/// Anonymous patrons hold a visitor token: their visitor id, signed with ASP.NET Data Protection,
/// so nobody can claim another visitor's id. Sent as a bearer header, or as ?access_token= on the
/// patron hub (browsers cannot set headers on WebSockets).
/// </summary>
public static class VisitorAuthentication
{
    public const string Scheme = "Visitor";
    public const string ClaimType = "visitor_id";
    private const string Purpose = "AskLibrary.Visitor.v1";

    public static string VisitorIdOf(ClaimsPrincipal? user) =>
        user?.FindFirstValue(ClaimType) ?? throw new ChatException(ErrorCodes.Forbidden, "Not a visitor.");

    public static VisitorSession Issue(IDataProtectionProvider protection)
    {
        var visitorId = Ids.New("v");
        return new VisitorSession(visitorId, protection.CreateProtector(Purpose).Protect(visitorId));
    }

    public static string? Validate(IDataProtectionProvider protection, string token)
    {
        try
        {
            var visitorId = protection.CreateProtector(Purpose).Unprotect(token);
            return visitorId.StartsWith("v_", StringComparison.Ordinal) ? visitorId : null;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null; // tampered, truncated or signed with keys we no longer have: not a visitor
        }
    }

    public sealed class Handler(
        IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, IDataProtectionProvider protection)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        protected override Task<AuthenticateResult> HandleAuthenticateAsync()
        {
            var token = TokenFrom(Request);
            if (token is null)
                return Task.FromResult(AuthenticateResult.NoResult());
            if (token.Length > 1024 || Validate(protection, token) is not { } visitorId)
                return Task.FromResult(AuthenticateResult.Fail("Invalid visitor token."));
            var identity = new ClaimsIdentity([new Claim(ClaimType, visitorId)], VisitorAuthentication.Scheme);
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), VisitorAuthentication.Scheme)));
        }

        private static string? TokenFrom(HttpRequest request)
        {
            var header = request.Headers.Authorization.ToString();
            if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
                return header["Bearer ".Length..].Trim();
            return request.Path.StartsWithSegments("/hubs/patron") && request.Query["access_token"] is { Count: 1 } query ? query[0] : null;
        }
    }
}
