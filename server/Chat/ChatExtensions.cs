using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;
using System.Threading.RateLimiting;
using AskLibrary.Chat.Contracts;
using AskLibrary.Chat.Hubs;
using AskLibrary.Chat.Routing;
using AskLibrary.Patrons;
using AskLibrary.Storage;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AskLibrary.Chat;

public static class ChatExtensions
{
    public const string VisitorRateLimit = "visitors";

    public static WebApplicationBuilder AddChat(this WebApplicationBuilder builder)
    {
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddOptions<ChatOptions>().BindConfiguration("AskLibrary:Chat").ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<List<QueueOptions>>().BindConfiguration("AskLibrary:Queues")
            .Validate(QueueConfiguration.IsValid, QueueConfiguration.Rules).ValidateOnStart();
        builder.Services.AddOptions<LimitOptions>().BindConfiguration("AskLibrary:Limits").ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<KestrelServerOptions>().Configure<IOptions<LimitOptions>>((kestrel, limits) =>
        {
            if (ConnectionBudget.For(limits.Value.MaxConnections, ConnectionBudget.OpenFileLimit(), ConnectionBudget.OpenNow()) is { } budget)
            {
                kestrel.Limits.MaxConcurrentUpgradedConnections = budget.Chat;
                kestrel.Limits.MaxConcurrentConnections = budget.Plain;
            }
        });

        builder.Services.AddSingleton<ChatService>();
        builder.Services.AddSingleton<IChatNotifier, HubChatNotifier>();
        builder.Services.AddSingleton<ChatHubFilter>();
        builder.Services.AddHostedService<ChatMaintenance>();
        // Retention and unrecorded queues (docs/operations.md, "Privacy").
        builder.Services.AddOptions<Patrons.PrivacyOptions>().BindConfiguration("AskLibrary:Privacy").ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<Patrons.PatronPrivacy>();
        builder.Services.AddSingleton<Patrons.PatronTimelineBuilder>();
        builder.Services.AddHostedService<Patrons.PrivacyMaintenance>();
        builder.Services.AddOptions<Patrons.SegmentOptions>().BindConfiguration("AskLibrary:Segments").ValidateDataAnnotations().ValidateOnStart();

        builder.Services.AddDataProtection()
            .SetApplicationName("AskLibrary")
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(builder.Configuration.DataDirectory(builder.Environment), "keys")));

        builder.Services.AddSignalR(options =>
            {
                options.AddFilter<ChatHubFilter>();
                options.MaximumReceiveMessageSize = 32 * 1024;
                options.EnableDetailedErrors = false;
            })
            .AddJsonProtocol(options => Configure(options.PayloadSerializerOptions));
        builder.Services.ConfigureHttpJsonOptions(options => Configure(options.SerializerOptions));

        builder.Services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            // New visitor ids per client address; generous because a campus shares few public addresses.
            options.AddPolicy(VisitorRateLimit, http => RateLimitPartition.GetFixedWindowLimiter(
                http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = http.RequestServices.GetRequiredService<IOptions<LimitOptions>>().Value.VisitorTokensPerMinute,
                    Window = TimeSpan.FromMinutes(1),
                }));
        });
        return builder;
    }

    public static WebApplication MapChat(this WebApplication app)
    {
        app.MapPost("/api/visitors", (IDataProtectionProvider protection) => Results.Ok(VisitorAuthentication.Issue(protection)))
            .RequireRateLimiting(VisitorRateLimit).RequireCors(AskLibrary.Web.WidgetOrigins.Policy);
        app.MapHub<PatronHub>("/hubs/patron", options => options.ApplicationMaxBufferSize = 32 * 1024)
            .RequireCors(AskLibrary.Web.WidgetOrigins.Policy);
        app.MapHub<StaffHub>("/hubs/staff");
        return app;
    }

    /// <summary>
    /// camelCase names and snake_case enum strings, as in protocol.ts. Text in any script goes out as UTF-8: the
    /// default encoder writes every character outside Basic Latin as \uXXXX, six bytes for a Chinese character that
    /// takes three, so the API's responses carried Chinese text twice as large. Characters that matter in HTML
    /// (&lt; &gt; &amp; ' " +) are still escaped. Hub frames are written by SignalR's own JSON writer, which has always
    /// sent text as UTF-8 and escapes only what JSON requires.
    /// </summary>
    public static void Configure(JsonSerializerOptions options)
    {
        options.Encoder = AnyScript;
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
    }

    /// <summary>
    /// Escapes what HTML needs escaped, control characters and characters beyond the Basic Multilingual Plane (emoji, the
    /// rare CJK extension characters); the text of every script stays as it is.
    /// </summary>
    public static readonly JavaScriptEncoder AnyScript = JavaScriptEncoder.Create(UnicodeRanges.All);
}
