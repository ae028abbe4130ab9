namespace AskLibrary.Web;

/// <summary>
/// Security headers on every response; staff pages also get a strict CSP (scripts and styles
/// from this origin only, no framing). The widget script is embedded by other sites, so it is
/// served without framing or CSP restrictions that would concern the host page.
/// </summary>
public static class SecurityHeaders
{
    private const string StaffPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        var headers = http.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
        if (http.Request.Path.StartsWithSegments("/staff"))
        {
            headers.ContentSecurityPolicy = StaffPolicy;
            headers.XFrameOptions = "DENY";
        }
        await next();
    });
}
