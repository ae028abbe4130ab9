namespace AskLibrary.Web;

/// <summary>Which sites may embed the widget (AskLibrary:Widget).</summary>
public sealed class WidgetOptions
{
    /// <summary>
    /// Origins (scheme://host[:port]) of the library pages that embed the widget. The server's own origin
    /// (the demo page) is always allowed; "*" allows any site. Empty by default: embed only on this server.
    /// </summary>
    public List<string> AllowedOrigins { get; set; } = [];
}

/// <summary>
/// Embedding control for the patron side: a CORS policy for the widget's HTTP calls and an Origin check
/// for the patron hub, whose WebSocket upgrade CORS does not cover. Staff endpoints never allow other origins.
/// </summary>
public static class WidgetOrigins
{
    public const string Policy = "widget";

    public static WebApplicationBuilder AddWidgetOrigins(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<WidgetOptions>().BindConfiguration("AskLibrary:Widget");
        var origins = builder.Configuration.GetSection("AskLibrary:Widget:AllowedOrigins").Get<string[]>() ?? [];
        builder.Services.AddCors(options => options.AddPolicy(Policy, policy =>
        {
            policy.SetIsOriginAllowed(origin => IsAllowed(origins, origin)).AllowAnyHeader().WithMethods("GET", "POST").AllowCredentials();
        }));
        return builder;
    }

    /// <summary>Refuses patron-hub connections from pages of sites not on the list (browsers always send Origin there).</summary>
    public static IApplicationBuilder UsePatronHubOriginCheck(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (http.Request.Path.StartsWithSegments("/hubs/patron") && http.Request.Headers.Origin is { Count: 1 } origin)
        {
            var allowed = http.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<WidgetOptions>>().Value.AllowedOrigins;
            if (!IsSameOrigin(http, origin[0]!) && !IsAllowed(allowed, origin[0]!))
            {
                http.Response.StatusCode = StatusCodes.Status403Forbidden;
                await http.Response.WriteAsync("This site is not allowed to embed the AskLibrary widget.");
                return;
            }
        }
        await next();
    });

    public static bool IsAllowed(IReadOnlyCollection<string> allowed, string origin) =>
        allowed.Contains("*") || allowed.Any(a => string.Equals(a.TrimEnd('/'), origin, StringComparison.OrdinalIgnoreCase));

    private static bool IsSameOrigin(HttpContext http, string origin) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var uri)
        && string.Equals(uri.Authority, http.Request.Host.Value, StringComparison.OrdinalIgnoreCase);
}
