using AskLibrary.Chat.Contracts;
using AskLibrary.Staff;

namespace AskLibrary.Chat.Classification;

/// <summary>
/// Topic tags and the READ scale of one chat, for the chat pane and the history view alike. REST rather than staff
/// hub methods: the history view edits ended chats without joining their live group, a PUT of the whole
/// classification is naturally idempotent, and nobody else needs to be told live.
/// </summary>
public static class ClassificationApi
{
    public static WebApplicationBuilder AddChatClassification(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<TagSuggestions>();
        return builder;
    }

    public static IEndpointRouteBuilder MapClassificationApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/staff/conversations")
            .RequireAuthorization(StaffPolicies.Chat).AddEndpointFilter(StaffApi.RequireAntiforgeryOnWrites);

        // Anyone who may search transcripts may read a chat's tags; suggestions hold categories, not patron text.
        group.MapGet("/{id}/classification", async (string id, HttpContext http, IConversationStore store, TagSuggestions suggestions, CancellationToken ct) =>
        {
            var c = await store.FindAsync(ChatInput.Id(id, "id"), ct) ?? throw new ChatException(ErrorCodes.NotFound, "No such conversation.");
            return Results.Ok(await ViewAsync(c, StaffAuthentication.IdentityOf(http.User), suggestions, ct));
        });

        group.MapPut("/{id}/classification", async (string id, ClassificationInput? input, HttpContext http, ChatService chat, TagSuggestions suggestions, CancellationToken ct) =>
        {
            var me = StaffAuthentication.IdentityOf(http.User);
            var c = await chat.ClassifyAsync(me, id, input);
            return Results.Ok(await ViewAsync(c, me, suggestions, ct));
        });
        return app;
    }

    private static async Task<ChatClassification> ViewAsync(Conversation c, StaffIdentity me, TagSuggestions suggestions, CancellationToken ct) =>
        new(c.Id, c.Tags, c.ReadScale, await suggestions.SuggestAsync(c, ct), ChatService.CanClassify(me, c), c.AcceptedAt is not null);
}
