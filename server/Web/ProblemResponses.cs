using AskLibrary.Chat;
using AskLibrary.Chat.Contracts;
using Microsoft.AspNetCore.Diagnostics;

namespace AskLibrary.Web;

/// <summary>
/// REST errors as RFC 7807 problem documents whose type is the documented error code. Bad JSON and
/// unreadable forms are invalid_argument; anything unexpected is logged and answered without details.
/// </summary>
public sealed class ProblemResponses(ILogger<ProblemResponses> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        var (code, status, detail) = exception switch
        {
            ChatException chat => (chat.Code, StatusOf(chat.Code), chat.Message),
            BadHttpRequestException bad => (ErrorCodes.InvalidArgument, bad.StatusCode, "The request could not be read: check the JSON body and parameters."),
            // A form that cannot even be parsed (e.g. an encoded NUL character) while looking for the anti-forgery token.
            Microsoft.AspNetCore.Antiforgery.AntiforgeryValidationException or InvalidDataException =>
                (ErrorCodes.InvalidArgument, StatusCodes.Status400BadRequest, "The form could not be read; reload the page and try again."),
            _ => (ErrorCodes.Internal, StatusCodes.Status500InternalServerError, "Something went wrong on the server."),
        };
        if (status == StatusCodes.Status500InternalServerError)
            Log.RequestFailed(logger, exception, http.Request.Method, http.Request.Path);
        http.Response.StatusCode = status;
        await http.Response.WriteAsJsonAsync(new { type = code, title = code, status, detail }, (System.Text.Json.JsonSerializerOptions?)null,
            "application/problem+json", ct);
        return true;
    }

    public static int StatusOf(string code) => code switch
    {
        ErrorCodes.InvalidArgument or ErrorCodes.TooLarge => StatusCodes.Status400BadRequest,
        ErrorCodes.NotFound => StatusCodes.Status404NotFound,
        ErrorCodes.Forbidden => StatusCodes.Status403Forbidden,
        ErrorCodes.RateLimited => StatusCodes.Status429TooManyRequests,
        _ => StatusCodes.Status409Conflict,
    };
}
