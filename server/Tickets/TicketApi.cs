using AskLibrary.Chat;
using AskLibrary.Chat.Contracts;
using AskLibrary.Staff;
using Microsoft.Extensions.Options;

namespace AskLibrary.Tickets;

/// <summary>The console's ticket API (docs/protocol.md, Tickets): librarians and admins change, managers also read; anti-forgery on writes.</summary>
public static class TicketApi
{
    public static WebApplicationBuilder AddTickets(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<TicketOptions>().BindConfiguration("AskLibrary:Tickets").ValidateDataAnnotations()
            .Validate(o => AnswerWithin.TryParse(o.AnswerWithin, out _), "AskLibrary:Tickets:AnswerWithin must look like \"1 working day\" or \"4 working hours\".")
            .ValidateOnStart();
        builder.Services.AddSingleton<TicketService>();
        return builder;
    }

    public static IEndpointRouteBuilder MapTicketApi(this IEndpointRouteBuilder app)
    {
        var tickets = app.MapGroup("/api/staff/tickets").RequireAuthorization(StaffPolicies.Chat).AddEndpointFilter(StaffApi.RequireAntiforgeryOnWrites);

        // Reading tickets (the overdue view among them): librarians, and managers and admins overseeing the service.
        var reading = app.MapGroup("/api/staff/tickets").RequireAuthorization(StaffPolicies.ChatRecords);

        reading.MapGet("/settings", (TicketService service) => Results.Ok(service.Settings));

        reading.MapGet("/", async (HttpContext http, TicketService service, AuditLog audit, TimeProvider time, string? status, bool? mine, bool? overdue) =>
        {
            var list = await service.ListAsync(Me(http), ParseStatus(status), mine == true, overdue == true);
            // Patron questions, names and emails: on record before they are shown.
            await audit.RecordAsync(Me(http), AuditActions.TicketsListed, "tickets", $"status={status} mine={mine} overdue={overdue}", http.RequestAborted);
            var now = time.GetUtcNow();
            return Results.Ok(list.Select(t => TicketView.Of(t, now)));
        });

        tickets.MapPost("/", async (HttpContext http, NewTicketInput? input, TicketService service, TimeProvider time) =>
        {
            var ticket = await service.CreateAsync(Me(http), input);
            return Results.Created($"/api/staff/tickets/{ticket.Id}", TicketView.Of(ticket, time.GetUtcNow()));
        });

        tickets.MapPost("/from-chat/{conversationId}", async (string conversationId, HttpContext http, FollowUpInput? input, TicketService service, TimeProvider time) =>
        {
            var (ticket, created) = await service.FollowUpChatAsync(Me(http), conversationId, input);
            var view = TicketView.Of(ticket, time.GetUtcNow());
            return created ? Results.Created($"/api/staff/tickets/{ticket.Id}", view) : Results.Ok(view);
        });

        reading.MapGet("/{id}", async (string id, HttpContext http, TicketService service, AuditLog audit, TimeProvider time) =>
        {
            var ticket = await service.GetAsync(Me(http), id);
            await audit.RecordAsync(Me(http), AuditActions.TicketViewed, ticket.Id, null, http.RequestAborted);
            return Results.Ok(TicketView.Of(ticket, time.GetUtcNow()));
        });

        tickets.MapPost("/{id}/claim", (string id, HttpContext http, TicketService service, TimeProvider time) =>
            Respond(service.ClaimAsync(Me(http), id), time));

        tickets.MapPost("/{id}/release", (string id, HttpContext http, TicketService service, TimeProvider time) =>
            Respond(service.ReleaseAsync(Me(http), id), time));

        tickets.MapPost("/{id}/notes", (string id, HttpContext http, TicketNoteInput? input, TicketService service, TimeProvider time) =>
            Respond(service.AddNoteAsync(Me(http), id, input), time));

        tickets.MapPost("/{id}/answer", (string id, HttpContext http, TicketAnswerInput? input, TicketService service, TimeProvider time) =>
            Respond(service.AnswerAsync(Me(http), id, input), time));

        tickets.MapPost("/{id}/status", (string id, HttpContext http, TicketStatusInput? input, TicketService service, TimeProvider time) =>
            Respond(service.SetStatusAsync(Me(http), id, input), time));

        return app;
    }

    private static StaffIdentity Me(HttpContext http) => StaffAuthentication.IdentityOf(http.User);

    private static async Task<IResult> Respond(Task<Ticket> change, TimeProvider time) => Results.Ok(TicketView.Of(await change, time.GetUtcNow()));

    private static TicketStatus? ParseStatus(string? status) => status switch
    {
        null or "" => null,
        "open" => TicketStatus.Open,
        "pending" => TicketStatus.Pending,
        "closed" => TicketStatus.Closed,
        _ => throw new ChatException(ErrorCodes.InvalidArgument, "status must be open, pending or closed."),
    };
}
