using AskLibrary.Chat;
using AskLibrary.Chat.Classification;
using AskLibrary.Cluster;
using AskLibrary.Email;
using AskLibrary.Knowledge;
using AskLibrary.Patrons;
using AskLibrary.Ratings;
using AskLibrary.Reports;
using AskLibrary.Staff;
using AskLibrary.Tickets;
using AskLibrary.Storage;
using AskLibrary.Web;

// Before anything uses the shared array pool (SharedArrayPoolSize.cs).
SharedArrayPoolSize.Apply();
Program.Build(args).Run();

public partial class Program
{
    /// <summary>The whole application; tests call this with their own settings and a fake clock.</summary>
    public static WebApplication Build(string[] args, WebApplicationOptions? options = null, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(options ?? new WebApplicationOptions { Args = args });
        configure?.Invoke(builder);

        // Every store: embedded SQLite in AskLibrary:DataDirectory (default) or MongoDB (AskLibrary:Storage:Provider).
        builder.AddStorage();
        // Staff cookie sign-in, the patron visitor token, roles and policies.
        builder.AddStaffAuthentication();
        builder.AddStaffAccounts();
        // Knowledge base: articles, the Chinese-aware Lucene index, suggestions, editors' API, public pages.
        builder.AddKnowledgeBase();
        // Queues, routing, the chat service and its SignalR hubs.
        builder.AddChat();
        // Topic tags and the READ scale on chats, with tags suggested from the knowledge base.
        builder.AddChatClassification();
        // One node by default; with AskLibrary:Cluster:Redis, several share state, backplane and keys.
        builder.AddCluster();
        // Identified patrons: card/email identification, staff merges of duplicates, CSV import of library records.
        builder.AddPatrons();
        // Managers' reports over conversations and knowledge-base events (admins).
        builder.AddReports();
        // Tickets: offline questions and follow-ups with owners and due dates in opening hours.
        builder.AddTickets();
        // SMTP email (AskLibrary:Email) and the outbox for transcripts, answers and reminders.
        builder.AddEmail();
        // Which library sites may embed the widget (CORS and the patron hub's Origin check).
        builder.AddWidgetOrigins();
        // Client address and scheme from a trusted TLS reverse proxy (AskLibrary:ReverseProxies).
        builder.AddReverseProxySupport();
        // Problem documents for REST errors.
        builder.Services.AddExceptionHandler<ProblemResponses>();
        builder.Services.AddProblemDetails();

        var app = builder.Build();
        app.UseReverseProxySupport();
        app.UseExceptionHandler();
        app.UseSecurityHeaders();
        // The demo library home page (index.html) and the built widget and console scripts.
        app.UseDefaultFiles();
        app.UseStaticFiles();
        // CORS before authentication: a browser's preflight carries no credentials and must not get a 401.
        app.UseCors();
        app.UsePatronHubOriginCheck();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.UseAntiforgery();

        app.MapChat();
        app.MapClassificationApi();
        app.MapStaffPages();
        app.MapStaffApi();
        app.MapTicketApi();
        app.MapAdminApi();
        app.MapPatronApi();
        app.MapRatingsApi();
        app.MapPatronAdminApi();
        app.MapKnowledgeBase();
        app.MapReports();
        return app;
    }
}
