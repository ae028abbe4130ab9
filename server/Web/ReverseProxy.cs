using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace AskLibrary.Web;

/// <summary>
/// Behind a TLS-terminating reverse proxy, the client's address and scheme arrive in X-Forwarded-For and
/// X-Forwarded-Proto. They are believed only from the proxies named in AskLibrary:ReverseProxies, so the
/// per-address rate limits, blocks and Secure cookies see the real patron, and nobody else can forge them.
/// </summary>
public static class ReverseProxy
{
    public static WebApplicationBuilder AddReverseProxySupport(this WebApplicationBuilder builder)
    {
        var proxies = builder.Configuration.GetSection("AskLibrary:ReverseProxies").Get<string[]>() ?? [];
        builder.Services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            options.KnownIPNetworks.Clear();
            options.KnownProxies.Clear();
            foreach (var proxy in proxies)
            {
                if (!IPAddress.TryParse(proxy, out var address))
                    throw new InvalidOperationException($"AskLibrary:ReverseProxies: '{proxy}' is not an IP address.");
                options.KnownProxies.Add(address);
            }
        });
        return builder;
    }

    public static WebApplication UseReverseProxySupport(this WebApplication app)
    {
        if (app.Configuration.GetSection("AskLibrary:ReverseProxies").Get<string[]>() is { Length: > 0 })
            app.UseForwardedHeaders();
        return app;
    }
}
